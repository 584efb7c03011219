package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.EntryKind;
import dev.parity.io.Npy;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.tensor.DType;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow on the small reference dump: every recorded float {@code flow.*} entry is present in the candidate
 * trace under the same identity and within 1e-4 relative L2 (max |Δ| ≤ 1e-5 where the reference is all zeros);
 * the final mel within 1e-4 max abs.
 */
class FlowParityTest {
    static final double REL_L2 = 1e-4;
    static final double ZERO_ABS = 1e-5;
    static final double MEL_ABS = 1e-4;

    @TempDir
    static Path tmp;
    static Trace ref;
    static Trace cand;

    /** One compared entry. */
    record Diff(String id, double relL2, double maxAbs, boolean refZero) {
    }

    @BeforeAll
    static void run() {
        Path out = tmp.resolve("cand");
        ReferenceRun.run(SharedData.smallDump(), out, ReferenceRun.Options.flow());
        ref = TraceReader.read(SharedData.smallDump());
        cand = TraceReader.read(out);
    }

    static Diff diff(TraceEntry r, Tensor a, Tensor b) {
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double num = 0;
        double den = 0;
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            num += d * d;
            den += y[i] * y[i];
            max = Math.max(max, Math.abs(d));
        }
        boolean zero = den == 0;
        return new Diff(r.id().toString(), zero ? 0 : Math.sqrt(num / den), max, zero);
    }

    @Test
    void everyFloatFlowEntryMatches() {
        List<Diff> diffs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (TraceEntry r : ref.entries()) {
            if (!r.name().startsWith("flow.") || r.dtype() != DType.FLOAT32 || r.kind() == EntryKind.RNG) {
                continue;
            }
            TraceEntry c = cand.get(r.id());
            if (c == null) {
                missing.add(r.id().toString());
                continue;
            }
            assertArrayEquals(r.shape().dims(), c.shape().dims(), r.id() + " shape");
            diffs.add(diff(r, cand.tensor(c), ref.tensor(r)));
        }
        assertEquals(List.of(), missing, "reference entries absent from the candidate");
        diffs.sort(Comparator.comparingDouble(Diff::relL2).reversed());
        System.out.println("compared " + diffs.size() + " float flow.* entries; worst rel L2:");
        diffs.stream().limit(10).forEach(d -> System.out.printf("  %.3e  (max |Δ| %.3e)  %s%n", d.relL2(),
                d.maxAbs(), d.id()));
        assertTrue(diffs.size() > 900, "only " + diffs.size() + " entries compared");
        for (Diff d : diffs) {
            assertTrue(d.refZero() ? d.maxAbs() <= ZERO_ABS : d.relL2() <= REL_L2, d.toString());
        }
    }

    @Test
    void candidateRecordsNothingTheReferenceDidNot() {
        List<String> extra = cand.entries().stream().filter(e -> ref.get(e.id()) == null)
                .map(e -> e.id().toString()).toList();
        assertEquals(List.of(), extra);
    }

    @Test
    void finalMelMatchesOutput() {
        Tensor want = Npy.read(SharedData.smallDump().resolve("outputs/mel.npy"));
        TraceEntry c = cand.entries().stream().filter(e -> e.name().equals("final.mel")).findFirst().orElseThrow();
        Tensor got = cand.tensor(c);
        assertArrayEquals(want.shape().dims(), got.shape().dims());
        double max = diff(c, got, want).maxAbs();
        System.out.printf("final mel max |Δ| = %.3e%n", max);
        assertTrue(max <= MEL_ABS, "final mel max |Δ| " + max);
    }
}
