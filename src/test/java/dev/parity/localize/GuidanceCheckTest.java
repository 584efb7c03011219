package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.compare.CompareOptions;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CFG combination checked on recorded velocities and Euler updates. */
class GuidanceCheckTest {
    private static final String EST = "flow.decoder.estimator";

    @TempDir
    Path tmp;

    @Test
    void referenceFollowsUpstreamGuidanceAtEveryStep() {
        for (Path p : new Path[] {SharedData.smallDump(), SharedData.smallDumpF64()}) {
            GuidanceCheck g = GuidanceCheck.of(TensorLookup.of(TraceReader.read(p)), EST, GuidanceCheck.UPSTREAM_W);
            assertEquals(10, g.steps().size(), p.toString());
            assertTrue(g.consistent());
            for (GuidanceStep s : g.steps()) {
                assertTrue(s.residual() < 1e-4, s.toString());
                assertEquals(0.7, s.fittedW(), 1e-3, s.toString());
            }
            assertEquals(0, g.steps().get(0).t(), 0);
            assertEquals(1.0, g.steps().get(9).t() + g.steps().get(9).dt(), 1e-6);
        }
    }

    @Test
    void swappedConditionalAndUnconditionalRowsAreCaughtWithTheirFittedWeight() throws IOException {
        Path cand = TraceCopies.copy(SharedData.smallDump(), tmp.resolve("swap"), (i, e, t) ->
                e.get("name").asText().equals(EST) && e.get("kind").asText().equals("out") ? swapRows(t) : t);
        Trace ref = TraceReader.read(SharedData.smallDump());
        Diagnosis d = new Localizer(CompareOptions.defaults(), NoiseFloor.none()).diagnose(ref, TraceReader.read(cand));
        assertTrue(d.refGuidance().consistent());
        assertFalse(d.candGuidance().consistent());
        for (GuidanceStep s : d.candGuidance().steps()) {
            assertEquals(-1.7, s.fittedW(), 1e-3, s.toString());
            assertTrue(s.residual() > 0.1, s.toString());
        }
        assertEquals(EST, d.culprit().module());
        assertEquals(0, d.culprit().call());
    }

    private static Tensor swapRows(Tensor t) {
        float[] v = t.toFloatArray();
        int n = v.length / 2;
        float[] out = new float[v.length];
        System.arraycopy(v, n, out, 0, n);
        System.arraycopy(v, 0, out, n, n);
        return Tensor.ofFloats(t.shape(), out);
    }
}
