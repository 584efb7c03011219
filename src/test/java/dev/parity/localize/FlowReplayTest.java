package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parity.SharedData;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.StageFeed;
import dev.parity.port.run.ReferenceRun;
import dev.parity.port.run.StageBoundary;
import dev.parity.port.s3gen.FlowReplay;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stage swap fed inside the vocoder replays the flow part of the unfed run instead of computing it again: its
 * trace must be the one the swap computes itself, entry for entry and bit for bit, with and without a fault.
 */
class FlowReplayTest {
    private static ReferenceRun.Loaded loaded;

    @BeforeAll
    static void load() {
        loaded = PortRun.load(SharedData.smallDump());
    }

    @AfterAll
    static void close() {
        loaded.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "attention-scale-missing", "mel-transform", "conv-transpose-padding"})
    void aVocoderSwapWithTheFlowReplayedIsTheSwapComputed(String fault) {
        FaultPlan plan = FaultCatalog.plan(fault.isEmpty() ? List.of() : List.of(fault));
        Trace unfed = PortRun.runInMemory(loaded, Path.of("unfed"), plan, StageFeed.NONE);
        FlowReplay flow = FlowReplay.of(unfed);
        assertNotNull(flow, "the unfed run shows its flow part whole");
        assertEquals(1, flow.draws(), "the flow draws its initial noise once");
        assertEquals("s3gen.flow_inference()", flow.entries().get(0).name());
        for (String boundary : List.of("f0", "source")) {
            StageBoundary b = StageBoundary.named(boundary);
            assertTrue(b.insideVocoder());
            StageFeed feed = StageBoundary.feed(loaded.dump().trace(), List.of(b));
            Trace computed = PortRun.runInMemory(loaded, Path.of("computed"), plan, feed);
            Trace replayed = PortRun.runInMemory(loaded, Path.of("replayed"), plan, feed, flow);
            assertSameTrace(computed, replayed, fault + " " + boundary);
        }
    }

    @org.junit.jupiter.api.Test
    void onlyBoundariesInsideTheVocoderReplay() {
        assertEquals(List.of("f0", "source"), StageBoundary.S3GEN.stream().filter(StageBoundary::insideVocoder)
                .map(StageBoundary::name).toList());
    }

    /** Without every draw recorded the flow's draws cannot be counted: no replay, the swap computes the flow. */
    @org.junit.jupiter.api.Test
    void aTraceMissingTheVocodersFirstDrawGivesNoReplay() {
        Trace unfed = PortRun.runInMemory(loaded, Path.of("unfed"), FaultPlan.NONE, StageFeed.NONE);
        assertNotNull(FlowReplay.of(unfed));
        TraceEntry firstVocoderDraw = unfed.entries().stream()
                .filter(e -> e.kind() == EntryKind.RNG && e.name().startsWith("rng.") && e.call() == 1).findFirst()
                .orElseThrow();
        assertNull(FlowReplay.of(without(unfed, firstVocoderDraw)));
    }

    private static Trace without(Trace t, TraceEntry dropped) {
        List<TraceEntry> kept = new ArrayList<>();
        LinkedHashMap<dev.parity.io.EntryId, dev.parity.tensor.Tensor> tensors = new LinkedHashMap<>();
        for (TraceEntry e : t.entries()) {
            if (!e.id().equals(dropped.id())) {
                kept.add(new TraceEntry(kept.size(), e.id(), e.moduleType(), null, e.shape(), e.dtype(), e.extra()));
                tensors.put(e.id(), t.tensor(e));
            }
        }
        return Trace.inMemory(Path.of("without"), JsonNodeFactory.instance.objectNode(), null, kept, tensors);
    }

    private static void assertSameTrace(Trace a, Trace b, String what) {
        assertEquals(a.entries().size(), b.entries().size(), what);
        for (int i = 0; i < a.entries().size(); i++) {
            TraceEntry x = a.entries().get(i);
            TraceEntry y = b.entries().get(i);
            assertEquals(x.id(), y.id(), what + " entry " + i);
            assertEquals(x.dtype(), y.dtype(), what + " " + x.id());
            assertEquals(x.moduleType(), y.moduleType(), what + " " + x.id());
            assertEquals(a.tensor(x).toBytes(ByteOrder.LITTLE_ENDIAN), b.tensor(y).toBytes(ByteOrder.LITTLE_ENDIAN),
                    what + " " + x.id());
        }
    }
}
