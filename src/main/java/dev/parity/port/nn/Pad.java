package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/** {@code F.pad} on the last axis: constant, reflect (edge not repeated) and replicate; DJL only has constant. */
public final class Pad {
    private Pad() {
    }

    /** Pads the last axis with {@code value}. */
    public static NDArray constant(NDArray x, int left, int right, float value) {
        if (left == 0 && right == 0) {
            return x;
        }
        long[] pads = new long[2 * x.getShape().dimension()];
        pads[0] = left;
        pads[1] = right;
        return x.pad(new Shape(pads), value);
    }

    /** Reflect padding: x[.., 1..left] mirrored before, x[.., T−1−right..T−2] mirrored after. */
    public static NDArray reflect(NDArray x, int left, int right) {
        long t = x.getShape().get(x.getShape().dimension() - 1);
        if (left >= t || right >= t) {
            throw new IllegalArgumentException("reflect padding (" + left + ", " + right
                    + ") must be smaller than the input length " + t);
        }
        int axis = x.getShape().dimension() - 1;
        NDArray y = x;
        if (left > 0) {
            y = x.get(new NDIndex("..., 1:{}", left + 1)).flip(axis).concat(y, axis);
        }
        if (right > 0) {
            y = y.concat(x.get(new NDIndex("..., {}:{}", t - 1 - right, t - 1)).flip(axis), axis);
        }
        return y;
    }

    /** Replicate padding: the first/last value repeated. */
    public static NDArray replicate(NDArray x, int left, int right) {
        long t = x.getShape().get(x.getShape().dimension() - 1);
        int axis = x.getShape().dimension() - 1;
        NDArray y = x;
        if (left > 0) {
            y = x.get(new NDIndex("..., 0:1")).repeat(axis, left).concat(y, axis);
        }
        if (right > 0) {
            y = y.concat(x.get(new NDIndex("..., {}:{}", t - 1, t)).repeat(axis, right), axis);
        }
        return y;
    }
}
