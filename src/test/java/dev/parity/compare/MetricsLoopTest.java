package dev.parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming loop of {@link MetricsCalculator} keeps its running values in local variables, takes minima and
 * maxima by comparison and divides the relative error out only for a possible new maximum. Its figures must be
 * exactly those of the plain definition (Math.min/Math.max, one division per element) computed here: over pairs
 * with zeros of both signs, equal values, tiny and huge magnitudes, and more than one chunk.
 */
class MetricsLoopTest {
    @Test
    void sameFiguresAsThePlainDefinition() {
        Random r = new Random(11);
        int n = 40_000; // three chunks of 16384
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            double scale = Math.pow(10, r.nextInt(60) - 30);
            a[i] = switch (i % 7) {
                case 0 -> 0.0f;
                case 1 -> -0.0f;
                default -> (float) (r.nextGaussian() * scale);
            };
            b[i] = switch (i % 5) {
                case 0 -> a[i];
                case 1 -> -0.0f;
                case 2 -> 0.0f;
                default -> (float) (a[i] * (1 + r.nextGaussian() * 1e-3) + r.nextGaussian() * 1e-40);
            };
        }
        check(a, b);
    }

    @Test
    void zerosOfBothSignsAsExtremes() {
        check(new float[] {0.0f, -0.0f, 0.0f, 2.0f, 0.0f}, new float[] {-0.0f, 0.0f, 0.0f, 3.0f, -0.0f});
        check(new float[] {-1.0f, 0.0f, -0.0f, -2.0f}, new float[] {-0.0f, -3.0f, 0.0f, -0.0f});
        check(new float[] {-0.0f, -0.0f}, new float[] {0.0f, 0.0f});
    }

    private static void check(float[] a, float[] b) {
        int n = a.length;
        Tolerance tol = Tolerance.DEFAULT;
        Metrics m = MetricsCalculator.compute(Tensor.ofFloats(new Shape(n), a), Tensor.ofFloats(new Shape(n), b), tol);

        double maxAbs = 0;
        double maxRel = 0;
        double minAtol = 0;
        double rMin = Double.POSITIVE_INFINITY;
        double rMax = Double.NEGATIVE_INFINITY;
        double cMin = Double.POSITIVE_INFINITY;
        double cMax = Double.NEGATIVE_INFINITY;
        double sumSq = 0;
        long within = 0;
        for (int i = 0; i < n; i++) {
            double x = a[i];
            double y = b[i];
            double ad = Math.abs(y - x);
            maxAbs = Math.max(maxAbs, ad);
            maxRel = Math.max(maxRel, ad / Math.max(Math.abs(x), Metrics.REL_EPSILON));
            double excess = tol.excess(ad, Math.abs(x));
            minAtol = Math.max(minAtol, excess);
            within += tol.passes(excess) ? 1 : 0;
            rMin = Math.min(rMin, x);
            rMax = Math.max(rMax, x);
            cMin = Math.min(cMin, y);
            cMax = Math.max(cMax, y);
            sumSq += (y - x) * (y - x);
        }
        assertEquals(maxAbs, m.maxAbs(), 0.0);
        assertEquals(maxRel, m.maxRel(), 0.0);
        assertEquals(minAtol, m.minPassingAtol(), 0.0);
        assertEquals((double) within / n, m.fracWithinTol(), 0.0);
        assertEquals(Double.doubleToRawLongBits(rMin), Double.doubleToRawLongBits(m.refMin()));
        assertEquals(Double.doubleToRawLongBits(rMax), Double.doubleToRawLongBits(m.refMax()));
        assertEquals(Double.doubleToRawLongBits(cMin), Double.doubleToRawLongBits(m.candMin()));
        assertEquals(Double.doubleToRawLongBits(cMax), Double.doubleToRawLongBits(m.candMax()));
        assertEquals(Math.sqrt(sumSq / n), m.rmse(), 0.0);
    }
}
