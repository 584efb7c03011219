package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.parity.io.EntryId;
import dev.parity.io.TraceWriter;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A sink that streams every recorded tensor into a {@link TraceWriter}: stored as float32 (ints and bools too,
 * like the reference; float64 tensors of a float64 run as float64), with the original dtype in the manifest. It counts calls per module path, so a fresh sink
 * per run numbers calls from 0.
 */
public final class TraceWriterSink implements TraceSink {
    private final TraceWriter writer;
    private final Map<String, Integer> calls = new HashMap<>();

    public TraceWriterSink(TraceWriter writer) {
        this.writer = writer;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public int nextCall(String path) {
        return calls.merge(path, 1, Integer::sum) - 1;
    }

    @Override
    public void record(EntryId id, String moduleType, NDArray value) {
        writer.add(id, moduleType, toTensor(value), dtypeOf(value.getDataType()));
    }

    /**
     * A heap copy of {@code a}: float32 (any dtype but bfloat16, which DJL cannot hold), except that float64 stays
     * float64 and complex64 stays complex.
     */
    public static Tensor toTensor(NDArray a) {
        if (a.getDataType() == DataType.COMPLEX64) {
            return toTensor(a.real()).asComplex(); // (real, imaginary) pairs viewed as complex64
        }
        Shape shape = new Shape(a.getShape().getShape());
        if (a.getShape().size() == 0) {
            return a.getDataType() == DataType.FLOAT64 ? Tensor.ofDoubles(shape) : Tensor.ofFloats(shape);
        }
        if (a.getDataType() == DataType.FLOAT64) {
            return Tensor.ofDoubles(shape, a.toDoubleArray());
        }
        float[] v = a.getDataType() == DataType.FLOAT32 ? a.toFloatArray()
                : a.toType(DataType.FLOAT32, false).toFloatArray();
        return Tensor.ofFloats(shape, v);
    }

    /** The NumPy dtype of a DJL data type. */
    public static DType dtypeOf(DataType t) {
        return switch (t) {
            case FLOAT32 -> DType.FLOAT32;
            case FLOAT64 -> DType.FLOAT64;
            case FLOAT16 -> DType.FLOAT16;
            case BFLOAT16 -> DType.BFLOAT16;
            case INT64 -> DType.INT64;
            case INT32 -> DType.INT32;
            case INT8 -> DType.INT8;
            case UINT8 -> DType.UINT8;
            case BOOLEAN -> DType.BOOL;
            case COMPLEX64 -> DType.COMPLEX64;
            default -> throw new IllegalArgumentException("no NumPy dtype for " + t);
        };
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing trace " + writer.dir(), e);
        }
    }
}
