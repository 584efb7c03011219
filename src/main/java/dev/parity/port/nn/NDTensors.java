package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;

/** Conversions between our heap/mapped {@link Tensor} and DJL {@link NDArray}, always through float32. */
public final class NDTensors {
    private NDTensors() {
    }

    /** A float32 NDArray owned by {@code manager} holding {@code t}'s values (widened or rounded to float32). */
    public static NDArray toNDArray(NDManager manager, Tensor t) {
        return manager.create(t.toFloatArray(), new ai.djl.ndarray.types.Shape(t.shape().dims()));
    }

    /** A float32 heap tensor with {@code a}'s values; {@code a} itself is left untouched. */
    public static Tensor toTensor(NDArray a) {
        Shape shape = new Shape(a.getShape().getShape());
        float[] v = a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : floats(a);
        return Tensor.ofFloats(shape, v);
    }

    private static float[] floats(NDArray a) {
        try (NDArray f = a.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }

    /** The NumPy-style dtype of an NDArray, as a trace manifest records it. */
    public static DType dtypeOf(NDArray a) {
        return switch (a.getDataType()) {
            case FLOAT32 -> DType.FLOAT32;
            case FLOAT64 -> DType.FLOAT64;
            case FLOAT16 -> DType.FLOAT16;
            case BFLOAT16 -> DType.BFLOAT16;
            case INT64 -> DType.INT64;
            case INT32 -> DType.INT32;
            case INT8 -> DType.INT8;
            case UINT8 -> DType.UINT8;
            case BOOLEAN -> DType.BOOL;
            default -> throw new IllegalArgumentException("no trace dtype for DJL type " + a.getDataType());
        };
    }
}
