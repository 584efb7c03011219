package dev.parity.port.hift;

import ai.djl.ndarray.NDArray;
import dev.parity.tensor.Tensor;
import java.util.Arrays;

/** Small error statistics for these tests (the product's metrics live in dev.parity.compare). */
public record Metrics(double relL2, double maxAbs, double refNorm) {
    public static Metrics of(float[] got, float[] ref) {
        if (got.length != ref.length) {
            throw new AssertionError("length " + got.length + " vs reference " + ref.length);
        }
        double num = 0;
        double den = 0;
        double max = 0;
        for (int i = 0; i < got.length; i++) {
            double d = (double) got[i] - ref[i];
            num += d * d;
            den += (double) ref[i] * ref[i];
            max = Math.max(max, Math.abs(d));
            if (Double.isNaN(got[i])) {
                max = Double.NaN;
            }
        }
        double rel = den == 0 ? (num == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(num / den);
        return new Metrics(rel, max, Math.sqrt(den));
    }

    public static Metrics of(NDArray got, Tensor ref) {
        long[] gs = got.getShape().getShape();
        if (!Arrays.equals(gs, ref.shape().dims())) {
            throw new AssertionError("shape " + Arrays.toString(gs) + " vs reference " + ref.shape());
        }
        return of(got.toFloatArray(), ref.toFloatArray());
    }

    /** relative L2 ≤ tol, or max abs ≤ zeroAtol when the reference is all zeros. */
    public boolean within(double tol, double zeroAtol) {
        return refNorm == 0 ? maxAbs <= zeroAtol : relL2 <= tol;
    }

    @Override
    public String toString() {
        return String.format("relL2 %.3e maxAbs %.3e", relL2, maxAbs);
    }
}
