package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.parity.tensor.Tensor;

/** Our heap/mapped {@link Tensor} as a DJL {@link NDArray} (float32); the way back is TraceWriterSink.toTensor. */
public final class NDTensors {
    private NDTensors() {
    }

    /** A float32 NDArray owned by {@code manager} holding {@code t}'s values (widened or rounded to float32). */
    public static NDArray toNDArray(NDManager manager, Tensor t) {
        return manager.create(t.toFloatArray(), new ai.djl.ndarray.types.Shape(t.shape().dims()));
    }
}
