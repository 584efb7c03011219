package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parity.SharedData;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Error kinds named from least-squares fits, on a real activation of the dump (the encoder output). */
class ErrorShapeTest {
    private static Tensor ref;

    @BeforeAll
    static void read() {
        Trace t = TraceReader.read(SharedData.smallDump());
        ref = t.tensor(Candidates.entry(t, "flow.encoder", 0, EntryKind.OUT));
    }

    private static ErrorShape of(DoubleUnaryOperator f) {
        double[] v = ref.toDoubleArray();
        float[] c = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            c[i] = (float) f.applyAsDouble(v[i]);
        }
        return ErrorShape.of(ref, Tensor.ofFloats(ref.shape(), c));
    }

    @Test
    void gainSignOffsetAndAffineAreRecognisedWithTheirParameters() {
        ErrorShape g = of(x -> 1.25 * x);
        assertEquals(ErrorKind.GAIN, g.kind());
        assertEquals(1.25, g.gain(), 1e-6);
        assertEquals(0.25, g.relL2(), 1e-6);
        assertEquals(ErrorKind.SIGN, of(x -> -x).kind());
        ErrorShape o = of(x -> x + 0.3);
        assertEquals(ErrorKind.OFFSET, o.kind());
        assertEquals(0.3, o.offset(), 1e-6);
        ErrorShape a = of(x -> 0.75 * x - 5);
        assertEquals(ErrorKind.AFFINE, a.kind());
        assertEquals(0.75, a.affineGain(), 1e-6);
        assertEquals(-5, a.offset(), 1e-5);
    }

    @Test
    void unstructuredErrorsAreSmallOrStructuralByTheirSize() {
        assertEquals(ErrorKind.SMALL, of(x -> x + 1e-4 * Math.sin(1e3 * x)).kind());
        assertEquals(ErrorKind.STRUCTURAL, of(x -> Math.tanh(3 * x)).kind());
        assertEquals(ErrorKind.NON_FINITE, of(x -> x > 1 ? Double.NaN : x).kind());
    }

    @Test
    void stagesFollowModulePaths() {
        assertEquals("flow.encoder", Stages.of("flow.encoder.encoders.0.self_attn"));
        assertEquals("flow.encoder_proj", Stages.of("flow.encoder_proj"));
        assertEquals("flow.decoder", Stages.of("flow.decoder.solve_euler()"));
        assertEquals("flow", Stages.of("flow.inference()"));
        assertEquals("mel2wav", Stages.of("mel2wav._istft()"));
        assertEquals("mel2wav.m_source", Stages.of("mel2wav.m_source.l_sin_gen"));
        assertEquals("s3gen", Stages.of("s3gen.inference()"));
        assertEquals("final", Stages.of("final.mel"));
    }
}
