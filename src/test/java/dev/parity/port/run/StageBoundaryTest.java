package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.FormatException;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.StageFeed;
import dev.parity.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one list of stage boundaries, and the feeds made from a reference dump's recorded outputs. */
class StageBoundaryTest {
    @Test
    void everyBoundaryIsFoundByItsName() {
        Stream.concat(StageBoundary.S3GEN.stream(), StageBoundary.T3.stream())
                .forEach(b -> assertSame(b, StageBoundary.named(b.name())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StageBoundary.named("none"));
        assertEquals("unknown stage boundary 'none' (encoder, mu, mel, f0, source; T3: conditioning, embeds)",
                e.getMessage());
    }

    @Test
    void aFeedHoldsTheReferencesCallZeroOutputAtEachBoundary() {
        Trace ref = TraceReader.read(SharedData.smallDump());
        StageFeed feed = StageBoundary.feed(ref, StageBoundary.S3GEN);
        assertEquals(StageBoundary.S3GEN.size(), feed.outputs().size());
        for (StageBoundary b : StageBoundary.S3GEN) {
            Tensor want = ref.tensor(ref.get(b.output()));
            Tensor got = feed.outputs().get(b.output());
            assertArrayEquals(want.shape().dims(), got.shape().dims(), b.name());
            assertArrayEquals(want.toFloatArray(), got.toFloatArray(), b.name());
        }
        assertTrue(StageBoundary.feed(ref, List.of(StageBoundary.NONE)).outputs().isEmpty());
    }

    @Test
    void aBoundaryTheReferenceDidNotRecordNamesItsManifest() {
        Trace t3 = TraceReader.read(SharedData.dump("t3-small-seed1"));
        FormatException e = assertThrows(FormatException.class,
                () -> StageBoundary.feed(t3, List.of(StageBoundary.named("mu"))));
        assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("flow.encoder_proj"),
                e.getMessage());
    }
}
