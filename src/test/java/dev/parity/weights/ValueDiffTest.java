package dev.parity.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The tolerance semantics of {@link ValueDiff}, case by case. */
class ValueDiffTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    static Stream<Arguments> cases() {
        return Stream.of(
                // ref, cand, maxAbs, relL2, differing, matches
                Arguments.of(new double[] {3, 4}, new double[] {3, 4}, 0.0, 0.0, 0L, true),
                Arguments.of(new double[] {3, 4}, new double[] {3, 4 + 5e-6}, 5e-6, 1e-6, 1L, true),
                Arguments.of(new double[] {3, 4}, new double[] {3, 4 + 1e-5}, 1e-5, 2e-6, 1L, false),
                Arguments.of(new double[] {3, 4}, new double[] {0, 0}, 4.0, 1.0, 2L, false),
                Arguments.of(new double[] {0, 0}, new double[] {0, 0}, 0.0, 0.0, 0L, true),
                Arguments.of(new double[] {0, 0}, new double[] {0, 1e-30}, 1e-30, INF, 1L, false),
                Arguments.of(new double[] {NAN, 1}, new double[] {NAN, 1}, 0.0, 0.0, 0L, true),
                Arguments.of(new double[] {NAN, 1}, new double[] {0, 1}, INF, INF, 1L, false),
                Arguments.of(new double[] {INF, 1}, new double[] {INF, 1}, 0.0, 0.0, 0L, true),
                Arguments.of(new double[] {INF, 1}, new double[] {-INF, 1}, INF, INF, 1L, false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void table(double[] ref, double[] cand, double maxAbs, double relL2, long differing, boolean matches) {
        ValueDiff d = ValueDiff.of(Tensor.ofDoubles(new Shape(2), ref), Tensor.ofDoubles(new Shape(2), cand));
        assertEquals(maxAbs, d.maxAbs(), 1e-12 * Math.max(1, maxAbs));
        assertEquals(relL2, d.relL2(), 1e-9 * Math.max(1e-9, relL2));
        assertEquals(differing, d.differing());
        assertEquals(matches, d.matches());
    }

    @ParameterizedTest
    @MethodSource("tolerances")
    void narrowerTypesLoosenTheBound(DType dtype, double tolerance) {
        assertEquals(tolerance, ValueDiff.matchTolerance(dtype));
        ValueDiff d = new ValueDiff(1, tolerance * 0.99, 1, 1);
        assertEquals(true, d.matches(DType.FLOAT32, dtype));
        assertEquals(dtype == DType.FLOAT32 || dtype == DType.FLOAT64, d.matches());
    }

    static Stream<Arguments> tolerances() {
        return Stream.of(Arguments.of(DType.FLOAT32, 1e-6), Arguments.of(DType.FLOAT64, 1e-6),
                Arguments.of(DType.FLOAT16, 1e-2), Arguments.of(DType.BFLOAT16, 1e-2),
                Arguments.of(DType.FLOAT8_E4M3FN, 1e-1));
    }
}
