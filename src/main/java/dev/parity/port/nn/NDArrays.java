package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** Small helpers over DJL arrays that keep results on the first operand's manager. */
public final class NDArrays {
    private NDArrays() {
    }

    /** condition ? a : b, elementwise (result on {@code a}'s manager). */
    public static NDArray where(NDArray condition, NDArray a, NDArray b) {
        return ai.djl.ndarray.NDArrays.where(condition, a, b);
    }
}
