package dev.parity.port.cond;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.compare.MetricsCalculator;
import dev.parity.compare.Tolerance;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.run.ConditioningRun;
import dev.parity.tensor.DType;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conditioning port on {@code cond-small-seed1}, resampled waves fed from the reference: every token entry
 * identical, every float entry within relative L2 1e-4.
 */
class ConditioningParityTest {
    @TempDir
    static Path tmp;
    static Trace ref;
    static Trace cand;

    @BeforeAll
    static void run() throws Exception {
        Path dump = CondDump.readable(tmp.resolve("ref"));
        ref = TraceReader.read(dump);
        ConditioningRun.run(dump, tmp.resolve("cand"), true, FaultPlan.NONE);
        cand = TraceReader.read(tmp.resolve("cand"));
    }

    /** What the port does not record: the fed waves (resamplers) and the complex entries (see CondDump). */
    @Test
    void onlyTheFedWavesAreMissing() {
        List<String> missing = ref.entries().stream().filter(e -> cand.get(e.id()) == null)
                .map(e -> e.id().toString()).toList();
        List<String> unexplained = missing.stream().filter(n -> !n.startsWith("librosa.resample()")
                && !n.startsWith("soxr.resample()") && !n.startsWith("librosa.load()")
                && !n.startsWith("ta_resample_24000_16000")).toList();
        assertEquals(List.of(), unexplained);
        assertEquals(11, missing.size(), missing::toString);
        // the reference leaves out the inputs of CAM dense layers 2.. (concatenations) and of head.layer2.1
        List<String> extra = cand.entries().stream().filter(e -> ref.get(e.id()) == null)
                .map(e -> e.id().toString()).filter(n -> !n.matches(
                        "speaker_encoder\\.(xvector\\.block\\d\\.tdnnd\\d+|head\\.layer2\\.1) call 0 in")).toList();
        assertEquals(List.of(), extra);
    }

    @Test
    void everyRecordedEntryMatches() {
        List<String> bad = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        int compared = 0;
        for (TraceEntry r : ref.entries()) {
            TraceEntry c = cand.get(r.id());
            if (c == null) {
                continue;
            }
            compared++;
            Tensor a = ref.tensor(r);
            Tensor b = cand.tensor(c);
            if (!a.shape().equals(b.shape())) {
                bad.add(r.id() + ": shape " + a.shape() + " vs " + b.shape());
                continue;
            }
            var m = MetricsCalculator.compute(a, b, Tolerance.EXACT);
            report.append(String.format(Locale.ROOT, "%-70s %s relL2 %.3g maxAbs %.3g%n", r.id(), r.dtype(),
                    m.relL2(), m.maxAbs()));
            boolean integer = !r.dtype().isFloating();
            if (integer ? m.maxAbs() != 0 : !(m.relL2() <= 1e-4)) {
                bad.add(r.id() + " " + r.dtype() + ": rel L2 " + m.relL2() + ", max abs " + m.maxAbs());
            }
        }
        System.out.println(report);
        int n = compared;
        assertTrue(bad.isEmpty(), () -> n + " compared; diverged: " + String.join("\n", bad));
    }
}
