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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A sink that streams every recorded tensor into a {@link TraceWriter}: stored as float32 (ints and bools too,
 * like the reference; float64 tensors of a float64 run as float64), with the original dtype in the manifest. It counts calls per module path, so a fresh sink
 * per run numbers calls from 0.
 *
 * <p>{@link #record} copies the tensor to the heap on the caller's thread and hands it to one background thread
 * that writes the files in recording order, so writing overlaps the computation. Copies waiting for the writer
 * hold at most {@code bufferBytes} (a larger tensor waits until the queue is empty); beyond that {@code record}
 * blocks. A write error stops the writer; the next {@code record} or {@link #close} throws it.
 */
public final class TraceWriterSink implements TraceSink {
    /** Heap for tensors waiting to be written, by default. */
    public static final long DEFAULT_BUFFER_BYTES = 256L << 20;
    private static final long PERMIT_BYTES = 1024;
    private final TraceWriter writer;
    private final Map<String, Integer> calls = new HashMap<>();
    private final ExecutorService io;
    private final Semaphore buffer; // one permit per KiB of queued tensor data
    private final int permits;
    private volatile RuntimeException failure;
    private boolean closed;

    public TraceWriterSink(TraceWriter writer) {
        this(writer, DEFAULT_BUFFER_BYTES);
    }

    public TraceWriterSink(TraceWriter writer, long bufferBytes) {
        this.writer = writer;
        this.permits = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bufferBytes / PERMIT_BYTES));
        this.buffer = new Semaphore(permits);
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "trace-writer " + writer.dir().getFileName());
            t.setDaemon(true);
            return t;
        });
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
        throwFailure();
        Tensor t = toTensor(value);
        DType dtype = dtypeOf(value.getDataType());
        int need = (int) Math.min(permits, Math.max(1, t.numel() * 4 / PERMIT_BYTES));
        buffer.acquireUninterruptibly(need);
        io.execute(() -> write(id, moduleType, t, dtype, need));
    }

    /** On the writer thread; after a failure the remaining tensors are dropped. */
    private void write(EntryId id, String moduleType, Tensor t, DType dtype, int permitsHeld) {
        try {
            if (failure == null) {
                writer.add(id, moduleType, t, dtype);
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            buffer.release(permitsHeld);
        }
    }

    private void throwFailure() {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
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

    /**
     * Marks the trace complete ({@link TraceWriter#finish()}) once every queued tensor is written; call it when the
     * run ended normally. Throws the first write error instead.
     */
    public void finish() {
        drain();
        throwFailure();
        try {
            writer.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("finishing trace " + writer.dir(), e);
        }
    }

    /** Waits for every queued tensor to be written, then writes the manifest; throws the first write error. */
    @Override
    public void close() {
        drain();
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing trace " + writer.dir(), e);
        }
        throwFailure();
    }

    /** Stops taking tensors and waits until the writer thread has written the queued ones. */
    private void drain() {
        if (closed) {
            return;
        }
        closed = true;
        io.shutdown();
        boolean interrupted = false;
        while (!io.isTerminated()) {
            try {
                io.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
