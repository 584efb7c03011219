package dev.parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parity.io.Npy;
import dev.parity.SharedData;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Integers are compared in integer arithmetic; NaN/Inf must agree element for element under every statistic. */
class ExactnessTest {
    static Stream<Arguments> integers() {
        long p53 = 1L << 53;
        return Stream.of(
                Arguments.of(p53, p53 + 1, false, 1.0),
                Arguments.of(p53, p53, true, 0.0),
                Arguments.of(Long.MAX_VALUE, Long.MAX_VALUE - 1, false, 1.0),
                Arguments.of(Long.MIN_VALUE, Long.MAX_VALUE, false, (double) Long.MAX_VALUE));
    }

    @ParameterizedTest
    @MethodSource("integers")
    void int64IsExact(long ref, long cand, boolean passes, double maxAbs) {
        Metrics m = MetricsCalculator.compute(Tensor.ofLongs(new Shape(2), 7, ref), Tensor.ofLongs(new Shape(2), 7,
                cand), Tolerance.EXACT);
        assertEquals(passes, m.passes(Tolerance.EXACT));
        assertEquals(maxAbs, m.maxAbs());
    }

    static Stream<Arguments> nonFinite() {
        return Stream.of(Statistic.values()).flatMap(s -> Stream.of(
                Arguments.of(s, Float.NaN, 0f, false),
                Arguments.of(s, 0f, Float.NaN, false),
                Arguments.of(s, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, false),
                Arguments.of(s, Float.NaN, Float.NaN, true),
                Arguments.of(s, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, true)));
    }

    /** One element of a float32 tensor from the dump is replaced on one or both sides. */
    @ParameterizedTest
    @MethodSource("nonFinite")
    void nonFiniteValuesMustAgreeUnderEveryStatistic(Statistic s, float ref, float cand, boolean passes) {
        Tensor t = Npy.read(SharedData.smallDump().resolve("tensors/flow.input_embedding#0.out.npy"));
        float[] r = t.toFloatArray();
        float[] c = t.toFloatArray();
        r[5] = ref;
        c[5] = cand;
        Tolerance tol = Tolerance.DEFAULT.withStatistic(s, 0.5);
        Metrics m = MetricsCalculator.compute(Tensor.ofFloats(t.shape(), r), Tensor.ofFloats(t.shape(), c), tol);
        assertEquals(passes, m.passes(tol), s + " " + ref + " vs " + cand);
    }
}
