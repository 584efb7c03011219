package dev.parity.port.t3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.run.ReferenceRun;
import dev.parity.tensor.DType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java T3 on {@code t3-small-seed1} with the recorded draws injected (token = argmax(p / q) from the port's own
 * probabilities): every reference entry is present under the same identity; every float entry is within relative
 * L2 1e-4 of the reference (−∞ of the min-p filter at exactly the same places); the sampled tokens, raw and
 * post-processed, equal the reference's. The worst entry and its ratio to the float64 floor are printed.
 */
class T3ParityTest {
    static final double REL_L2 = 1e-4;
    @TempDir
    static Path tmp;
    static Trace ref;
    static Trace f64;
    static Trace cand;

    /** One compared float entry: relative L2 over the finite values; floor = f32 reference vs its f64 twin. */
    record Diff(EntryId id, double relL2, double floor) {
        double ratio() {
            return relL2 / Math.max(floor, 1e-12);
        }
    }

    @BeforeAll
    static void run() {
        Path out = tmp.resolve("cand");
        ReferenceRun.runT3(SharedData.dump("t3-small-seed1"), out, ReferenceRun.T3Options.recorded(), FaultPlan.NONE);
        ref = TraceReader.read(SharedData.dump("t3-small-seed1"));
        f64 = TraceReader.read(SharedData.dump("t3-small-seed1-f64"));
        cand = TraceReader.read(out);
    }

    static double relL2(double[] x, double[] y, EntryId id) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isInfinite(y[i]) || Double.isInfinite(x[i])) {
                assertEquals(y[i], x[i], () -> id + ": −∞ pattern differs");
                continue;
            }
            num += (x[i] - y[i]) * (x[i] - y[i]);
            den += y[i] * y[i];
        }
        return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }

    @Test
    void everyEntryIsPresentAndEveryFloatEntryMatches() {
        List<String> missing = new ArrayList<>();
        List<Diff> diffs = new ArrayList<>();
        for (TraceEntry r : ref.entries()) {
            TraceEntry c = cand.get(r.id());
            if (c == null) {
                missing.add(r.id().toString());
                continue;
            }
            assertArrayEquals(r.shape().dims(), c.shape().dims(), r.id() + " shape");
            assertEquals(r.dtype(), c.dtype(), r.id() + " dtype");
            double[] x = cand.tensor(c).toDoubleArray();
            double[] y = ref.tensor(r).toDoubleArray();
            if (r.dtype() != DType.FLOAT32) {
                assertArrayEquals(y, x, r.id() + " (integers: exact)");
                continue;
            }
            TraceEntry t = f64.get(r.id());
            double floor = t == null ? Double.NaN : relL2(y, f64.tensor(t).toDoubleArray(), r.id());
            diffs.add(new Diff(r.id(), relL2(x, y, r.id()), floor));
        }
        assertEquals(List.of(), missing, "reference entries the Java run did not record");
        Diff worst = diffs.stream().max(Comparator.comparingDouble(Diff::relL2)).orElseThrow();
        Diff worstRatio = diffs.stream().filter(d -> d.floor() > 0).max(Comparator.comparingDouble(Diff::ratio))
                .orElseThrow();
        System.out.printf("T3 parity: %d float entries; worst rel L2 %.3g at %s (f64 floor %.3g, ratio %.1f); "
                + "worst ratio to floor %.1f at %s%n", diffs.size(), worst.relL2(), worst.id(), worst.floor(),
                worst.ratio(), worstRatio.ratio(), worstRatio.id());
        for (Diff d : diffs) {
            assertTrue(d.relL2() <= REL_L2, () -> d.id() + ": rel L2 " + d.relL2());
        }
        List<String> extra = cand.entries().stream().filter(c -> ref.get(c.id()) == null).map(c -> c.id().toString())
                .toList();
        assertEquals(List.of(), extra, "entries the reference did not record");
    }

    @Test
    void sampledTokensRawAndPostProcessedEqualTheReference() {
        for (String name : List.of("final.speech_tokens_raw", "final.speech_tokens")) {
            EntryId id = new EntryId(name, 0, EntryKind.FINAL, null);
            long[] want = ref.tensor(ref.get(id)).toLongArray();
            assertTrue(want.length > 20, name);
            assertArrayEquals(want, cand.tensor(cand.get(id)).toLongArray(), name);
        }
    }
}
