package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.parity.SharedData;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.StageFeed;
import dev.parity.port.nn.TraceSettings;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Attention computes to_q/to_k/to_v as one product of the stacked weights and records the three calls itself. A
 * stage swap that feeds one of them must still take effect and must not run (or count) any call twice: feeding
 * to_k's own output back changes nothing, bit for bit, and feeding it doubled changes the attention's output.
 */
class StackedProjectionsTest {
    private static final ReferenceRun.Options EVERY = new ReferenceRun.Options(ReferenceRun.Stage.ALL, false,
            HiFTGenerator::create, TraceSettings.ALL);

    @Test
    void aFedProjectionIsUsedAndEveryCallIsRecordedOnce() {
        try (ReferenceRun.Loaded l = ReferenceRun.load(SharedData.smallDump(), EVERY)) {
            Trace plain = l.runInMemory(Path.of("plain"), FaultPlan.NONE, StageFeed.NONE);
            TraceEntry toK = plain.entries().stream()
                    .filter(e -> e.id().name().endsWith(".attn1.to_k") && e.id().kind() == EntryKind.OUT)
                    .findFirst().orElse(null);
            assertNotNull(toK, "the small dump's estimator has attention blocks");
            String attn = toK.id().name().substring(0, toK.id().name().length() - ".to_k".length());
            EntryId attnOut = new EntryId(attn, toK.id().call(), EntryKind.OUT, null);
            Tensor k = plain.tensor(toK);

            Trace same = l.runInMemory(Path.of("same"), FaultPlan.NONE, new StageFeed(Map.of(toK.id(), k)));
            assertEquals(ids(plain), ids(same));
            for (int i = 0; i < plain.entries().size(); i++) {
                assertArrayEquals(plain.tensor(plain.entries().get(i)).toDoubleArray(),
                        same.tensor(same.entries().get(i)).toDoubleArray(), 0.0,
                        plain.entries().get(i).id().toString());
            }

            double[] doubled = Arrays.stream(k.toDoubleArray()).map(v -> 2 * v).toArray();
            float[] d = new float[doubled.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) doubled[i];
            }
            Trace fed = l.runInMemory(Path.of("fed"), FaultPlan.NONE,
                    new StageFeed(Map.of(toK.id(), Tensor.ofFloats(k.shape(), d))));
            assertEquals(ids(plain), ids(fed));
            assertArrayEquals(doubled, fed.tensor(entry(fed, toK.id())).toDoubleArray(), 0.0);
            EntryId toQ = new EntryId(attn + ".to_q", toK.id().call(), EntryKind.OUT, null);
            assertArrayEquals(plain.tensor(entry(plain, toQ)).toDoubleArray(),
                    fed.tensor(entry(fed, toQ)).toDoubleArray(), 0.0, "to_q is not fed");
            assertFalse(Arrays.equals(plain.tensor(entry(plain, attnOut)).toDoubleArray(),
                    fed.tensor(entry(fed, attnOut)).toDoubleArray()), "the fed k reaches the attention's output");
        }
    }

    private static List<EntryId> ids(Trace t) {
        return t.entries().stream().map(TraceEntry::id).toList();
    }

    private static TraceEntry entry(Trace t, EntryId id) {
        return t.entries().stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + id));
    }
}
