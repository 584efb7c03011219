package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.compare.CompareOptions;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error under tolerance where it is born, amplified later past tolerance: the diagnosis names the birth, not
 * the amplifier. Candidates are the float32 dump with a gain applied from one entry on; the floor is the twin's.
 */
class BirthTest {
    private static final Path REF = SharedData.smallDump();
    private static final String BORN = "flow.encoder.encoders.1.self_attn";
    private static final String AMPLIFIER = "mel2wav._stft()";

    @TempDir
    Path tmp;

    @Test
    void subToleranceErrorAmplifiedLaterIsBlamedWhereItIsBorn() throws IOException {
        Trace ref = TraceReader.read(REF);
        NoiseFloor floor = NoiseFloor.measure(ref, TraceReader.read(SharedData.smallDumpF64()));
        TraceEntry born = out(ref, BORN);
        TraceEntry amp = out(ref, AMPLIFIER);
        double spread = floor.at(born.id()).relL2();
        double tol = NoiseFloor.toleranceFor(floor.at(born.id())).rtol();
        double gain = 7 * Math.max(spread, NoiseFloor.MIN_RTOL / NoiseFloor.K); // 7× the floor: over K_ORIGIN (5)
        assertTrue(gain < tol, "the gain error stays under the tolerance where it is born: " + gain + " vs " + tol);
        Path cand = TraceCopies.copy(REF, tmp.resolve("cand"), (i, e, t) -> !floating(e) ? t
                : i >= amp.index() ? scaled(t, (1 + gain) * 1.01) : i >= born.index() ? scaled(t, 1 + gain) : t);
        Diagnosis d = new Localizer(CompareOptions.defaults(), floor).diagnose(ref, TraceReader.read(cand));
        assertNotNull(d.culprit());
        assertTrue(d.culprit().first().reference().index() > born.index(), "first past tolerance comes later");
        Birth b = d.earlierBirth();
        assertNotNull(b, "the birth precedes the first divergence");
        assertEquals(Birth.Basis.FLOOR, b.basis());
        assertEquals(BORN, b.culprit().module());
        assertEquals(born.id(), b.culprit().first().reference().id());
        assertEquals(gain / Math.max(spread, NoiseFloor.MIN_RTOL / NoiseFloor.K), b.floorRatio(), 0.05);
    }

    @Test
    void noBirthWithoutAFloor() throws IOException {
        Trace ref = TraceReader.read(REF);
        TraceEntry amp = out(ref, AMPLIFIER);
        Path cand = TraceCopies.copy(REF, tmp.resolve("cand"), (i, e, t) -> floating(e)
                && i >= amp.index() ? scaled(t, 1.01) : t);
        Diagnosis d = new Localizer(CompareOptions.defaults(), NoiseFloor.none()).diagnose(ref, TraceReader.read(cand));
        assertEquals(AMPLIFIER, d.culprit().module());
        assertEquals(null, d.birth());
    }

    /** A float entry that is not a random draw (int and bool entries are stored as float32 too). */
    private static boolean floating(com.fasterxml.jackson.databind.node.ObjectNode e) {
        return e.get("dtype").asText().startsWith("float") && !e.get("kind").asText().equals("rng");
    }

    private static TraceEntry out(Trace t, String name) {
        return t.get(new EntryId(name, 0, EntryKind.OUT, null));
    }

    private static Tensor scaled(Tensor t, double g) {
        double[] v = t.toDoubleArray();
        float[] f = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            f[k] = (float) (v[k] * g);
        }
        return Tensor.ofFloats(t.shape(), f);
    }
}
