package dev.parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.cli.ExitCodes;
import dev.parity.io.Fixtures;
import dev.parity.io.Npy;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Metrics on complex values (see {@link Metrics}): against NumPy, a table of definitions, the conditioning dump. */
class ComplexMetricsTest {
    private static final Path COND = SharedData.dump("cond-small-seed1");
    private static final Tolerance TOL = Tolerance.DEFAULT;

    @TempDir
    Path tmp;

    /** make_complex_fixtures.py: one element of 18 moved by 1e-3·|r| at phase 0.7. */
    @Test
    void agreesWithNumpyOnComplexValues() {
        JsonNode want = Fixtures.readJson(Fixtures.NPY.resolve("complex-metrics.json"));
        Tensor ref = Npy.read(Fixtures.NPY.resolve("complex-perturbed-ref.npy"));
        Tensor cand = Npy.read(Fixtures.NPY.resolve("complex-perturbed.npy"));
        Metrics m = MetricsCalculator.compute(ref, cand, TOL);
        Map<String, Double> got = Map.of("count", (double) m.count(), "maxAbs", m.maxAbs(), "meanAbs", m.meanAbs(),
                "rmse", m.rmse(), "relL2", m.relL2(), "maxRel", m.maxRel(), "cosine", m.cosine(),
                "pearson", m.pearson(), "refMaxAbs", m.refMaxAbs());
        got.forEach((k, v) -> assertEquals(want.get(k).asDouble(), v, 1e-9 * Math.abs(want.get(k).asDouble()), k));
        assertEquals(17.0 / 18, m.fracWithinTol(), 1e-12, "the moved element fails elementwise");
        assertFalse(m.passes(TOL));
        Tolerance loose = new Tolerance(0, 2e-3, Statistic.ELEMENTWISE, 1);
        assertTrue(MetricsCalculator.compute(ref, cand, loose).passes(loose), "|d| = 1e-3·|r| ≤ 2e-3·|r|");
        assertTrue(m.passes(new Tolerance(0, 2e-4, Statistic.REL_L2, 1)), "rel L2 " + m.relL2());
    }

    /** Definitions on (re, im) pairs: ref, cand, atol, rtol → passes, maxAbs, cosine. */
    @ParameterizedTest
    @CsvSource({
        "3 4,  3 4,      0, 0,   true,  0, 1",
        "3 4,  -3 -4,    0, 0,   false, 10, -1",
        "3 4,  -4 3,     0, 0,   false, 7.0710678118654755, 0",
        "3 4,  3.3 4.4,  0, 0.1001, true,  0.5, 1",
        "3 4,  3.3 4.4,  0.499, 0, false, 0.5, 1",
        "3 NaN, 3 NaN,   0, 0,   true,  0, 1",
        "3 0,  3 NaN,    0, 0,   false, 0, 1",
        "Infinity 1, Infinity 1, 0, 0, true, 0, 1",
    })
    void tableOfComplexCases(String ref, String cand, double atol, double rtol, boolean passes, double maxAbs,
                             double cosine) {
        Metrics m = MetricsCalculator.compute(one(ref), one(cand), new Tolerance(atol, rtol, Statistic.ELEMENTWISE, 1));
        assertEquals(passes, m.passes(new Tolerance(atol, rtol, Statistic.ELEMENTWISE, 1)), ref + " vs " + cand);
        assertEquals(maxAbs, m.maxAbs(), 1e-12);
        assertEquals(cosine, m.cosine(), 1e-12);
    }

    @Test
    void aRealCandidateCountsAsImaginaryPartZero() {
        Tensor ref = Tensor.ofComplex(DType.COMPLEX128, new Shape(2), new double[] {1, 2}, new double[] {0, 0.5});
        Metrics m = MetricsCalculator.compute(ref, Tensor.ofDoubles(new Shape(2), 1, 2), TOL);
        assertEquals(0.5, m.maxAbs());
        assertEquals(0.5 / Math.sqrt(1 + 4 + 0.25), m.relL2(), 1e-15);
    }

    @Test
    void conditioningDumpAgainstItselfPassesEveryEntryComplexOnesIncluded() {
        Trace ref = TraceReader.read(COND);
        Comparison c = TraceComparator.compare(ref, ref, CompareOptions.defaults());
        int entries = SharedData.manifestEntries(COND);
        assertEquals(entries, c.aligned());
        assertEquals(entries, c.passed());
        assertNull(c.firstDivergence());
        assertEquals(ExitCodes.OK, CompareScenariosTest.run("compare", COND.toString(), COND.toString()));
    }

    /** One freqs_cis entry, rewritten as a genuine complex64 array with one element rotated by 0.01 rad. */
    @Test
    void aRotatedRotaryEntryIsTheFirstDivergenceWithItsModulusError() throws IOException {
        Trace ref = TraceReader.read(COND);
        TraceEntry target = ref.entries().stream().filter(e -> e.dtype().isComplex()
                && e.name().equals("tokenizer.encoder.blocks.1.attn")).findFirst().orElseThrow();
        Path cand = TraceCopies.copy(COND, tmp.resolve("cand"), (i, e, t) -> {
            if (i != target.index()) {
                return t;
            }
            e.put("file", "tensors/rotated.npy");
            return rotated(t.asComplex(), 5 * 64 + 3, 0.01);
        });
        Comparison c = TraceComparator.compare(ref, TraceReader.read(cand), CompareOptions.defaults());
        EntryResult first = c.firstDivergence();
        assertEquals(target.id(), first.reference().id());
        assertEquals(1, c.failed());
        Tensor r = ref.tensor(target);
        double modulus = Math.hypot(r.real(5 * 64 + 3), r.imag(5 * 64 + 3));
        assertEquals(modulus * 2 * Math.sin(0.005), first.metrics().maxAbs(), 1e-6 * modulus);
        assertEquals(1.0 - 1.0 / r.numel(), first.metrics().fracWithinTol(), 1e-12);
        assertEquals(ExitCodes.DIVERGED, CompareScenariosTest.run("compare", COND.toString(), cand.toString()));
    }

    private static Tensor rotated(Tensor t, int index, double angle) {
        int n = Math.toIntExact(t.numel());
        double[] re = new double[n];
        double[] im = new double[n];
        t.copyComplexTo(0, re, im, 0, n);
        double a = re[index];
        double b = im[index];
        re[index] = a * Math.cos(angle) - b * Math.sin(angle);
        im[index] = a * Math.sin(angle) + b * Math.cos(angle);
        return Tensor.ofComplex(DType.COMPLEX64, t.shape(), re, im);
    }

    private static Tensor one(String pair) {
        String[] p = pair.trim().split(" ");
        return Tensor.ofComplex(DType.COMPLEX128, new Shape(1), new double[] {Double.parseDouble(p[0])},
                new double[] {Double.parseDouble(p[1])});
    }
}
