package dev.parity.port.cond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.compare.MetricsCalculator;
import dev.parity.compare.Tolerance;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.run.ConditioningRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conditioning port on {@code cond-small-seed1} from {@code inputs/reference.wav}, twice: with the resampled
 * waves fed from the reference (everything after resampling checked exactly) and end to end with the ported
 * resamplers. Both: every token entry identical, every float entry within relative L2 1e-4.
 */
class ConditioningParityTest {
    @TempDir
    static Path tmp;
    static Trace ref;
    static Trace fed;
    static Trace own;

    @BeforeAll
    static void run() {
        Path dump = CondDump.original();
        ref = TraceReader.read(dump);
        ConditioningRun.run(dump, tmp.resolve("fed"), true, FaultPlan.NONE, ConditioningRun.wavesFeed(ref));
        fed = TraceReader.read(tmp.resolve("fed"));
        ConditioningRun.run(dump, tmp.resolve("own"), true, FaultPlan.NONE);
        own = TraceReader.read(tmp.resolve("own"));
    }

    @Test
    void fedWavesEveryEntryMatches() {
        check(fed, "fed");
    }

    @Test
    void ownResamplersEveryEntryMatches() {
        check(own, "own resamplers");
    }

    /** Every reference entry is recorded (the complex64 rotary tables and STFT too); nothing unexpected is extra. */
    @Test
    void missingAndExtraEntries() {
        List<String> missing = ref.entries().stream().filter(e -> own.get(e.id()) == null)
                .map(e -> e.id() + " " + e.dtype()).toList();
        assertEquals(List.of(), missing);
        // the reference leaves out the inputs of CAM dense layers 2.. (concatenations) and of head.layer2.1
        List<String> extra = own.entries().stream().filter(e -> ref.get(e.id()) == null)
                .map(e -> e.id().toString()).filter(n -> !n.matches(
                        "speaker_encoder\\.(xvector\\.block\\d\\.tdnnd\\d+|head\\.layer2\\.1) call 0 in")).toList();
        assertEquals(List.of(), extra);
    }

    private static void check(Trace cand, String label) {
        List<String> bad = new ArrayList<>();
        double worst = 0;
        String worstId = "";
        int tokens = 0;
        int complex = 0;
        for (TraceEntry r : ref.entries()) {
            TraceEntry c = cand.get(r.id());
            if (c == null) {
                continue;
            }
            var a = ref.tensor(r);
            var b = cand.tensor(c);
            if (!a.shape().equals(b.shape())) {
                bad.add(r.id() + ": shape " + a.shape() + " vs " + b.shape());
                continue;
            }
            var m = MetricsCalculator.compute(a, b, Tolerance.EXACT);
            boolean integer = !r.dtype().isFloating();
            tokens += integer ? 1 : 0;
            complex += r.dtype().isComplex() ? 1 : 0;
            if (integer ? m.maxAbs() != 0 : !(m.relL2() <= 1e-4)) {
                bad.add(r.id() + " " + r.dtype() + ": rel L2 " + m.relL2() + ", max abs " + m.maxAbs());
            }
            if (!integer && m.relL2() > worst) {
                worst = m.relL2();
                worstId = r.id().toString();
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d integer entries identical; worst float entry %s at rel L2 %.3g%n",
                label, tokens, worstId, worst);
        assertTrue(tokens >= 20, "integer entries compared: " + tokens);
        assertEquals(9, complex, "complex entries compared");
        assertTrue(bad.isEmpty(), () -> label + ": diverged: " + String.join("\n", bad));
    }
}
