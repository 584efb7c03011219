package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.parity.io.EntryId;
import dev.parity.io.TraceWriter;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A sink that streams every recorded tensor into a {@link TraceWriter}: stored as float32 (ints and bools too,
 * like the reference; float64 tensors of a float64 run as float64), with the original dtype in the manifest;
 * calls are counted per sink ({@link RecordingSink}).
 *
 * <p>Recording costs the computation as little as it can:
 * <ul>
 *   <li>{@link #record} copies the tensor inside libtorch (one memory copy, no trip through the Java heap) and
 *   hands the copy to one background thread, which writes its memory straight into the {@code .npy} file and
 *   releases it. Tensors waiting for the writer hold at most {@code bufferBytes} of native memory (a larger tensor
 *   waits until the queue is empty); beyond that {@code record} blocks. The copy is taken even though a view
 *   would do for most tensors: DJL gives no way to tell whether a tensor's storage is libtorch's own, and a view of
 *   an array made from Java data ({@code manager.create(float[])}, or any view of one, such as its transpose)
 *   points into a buffer that is freed or reused once that array is closed; the writer then wrote garbage.</li>
 *   <li>A tensor recorded again (the same {@code NDArray} object, still open: a module's input is usually the
 *   output just recorded by the module before it, and a mask or a condition is passed to every block) is not
 *   copied or written again: its entry names the file already written (trace-format.md lets entries share a
 *   file). This relies on the port never changing a recorded tensor in place, which {@code ArchitectureTest}
 *   keeps true; the last {@value #RECENT} recorded objects are remembered.</li>
 * </ul>
 * A write error stops the writer; the next {@code record} or {@link #close} throws it.
 */
public final class TraceWriterSink extends RecordingSink {
    /** Native memory for tensors waiting to be written, by default. */
    public static final long DEFAULT_BUFFER_BYTES = 256L << 20;
    /** How many recorded tensor objects are remembered for sharing a file. */
    static final int RECENT = 8192;
    private static final long PERMIT_BYTES = 1024;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private final TraceWriter writer;
    private final Map<Identity, Written> recent = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Identity, Written> eldest) {
            return size() > RECENT;
        }
    };
    private final ExecutorService io;
    private final Semaphore buffer; // one permit per KiB of queued tensor data
    private final int permits;
    private NDManager held; // owns the copies waiting for the writer
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
    public void record(EntryId id, String moduleType, NDArray value) {
        throwFailure();
        DType dtype = dtypeOf(value.getDataType());
        Identity key = new Identity(value);
        Written prior = recent.get(key);
        if (prior != null && !value.isReleased()) {
            io.execute(() -> writeShared(id, moduleType, prior, dtype));
            return;
        }
        Written w = new Written(new Shape(value.getShape().getShape()));
        recent.put(key, w);
        NDArray copy = nativeHold(value);
        if (copy != null) {
            int need = permitsFor(copy.getShape().size() * copy.getDataType().getNumOfBytes());
            buffer.acquireUninterruptibly(need);
            io.execute(() -> writeCopy(id, moduleType, copy, dtype, w, need));
        } else {
            Tensor t = toTensor(value);
            int need = permitsFor(t.numel() * 4);
            buffer.acquireUninterruptibly(need);
            io.execute(() -> write(id, moduleType, t, dtype, w, need));
        }
    }

    private int permitsFor(long bytes) {
        return (int) Math.min(permits, Math.max(1, bytes / PERMIT_BYTES));
    }

    /**
     * A copy of {@code a}'s data in native memory for the writer, owned by this sink: float32 and float64 as they
     * are, other types as float32; null where the heap path must do (complex, bfloat16, which DJL cannot hold,
     * empty tensors, a big-endian machine).
     */
    private NDArray nativeHold(NDArray a) {
        DataType t = a.getDataType();
        if (!LITTLE_ENDIAN || a.getShape().size() == 0 || t == DataType.COMPLEX64 || t == DataType.BFLOAT16) {
            return null;
        }
        NDArray c = t == DataType.FLOAT32 || t == DataType.FLOAT64 ? a.duplicate() : a.toType(DataType.FLOAT32, true);
        if (held == null) {
            held = Torch.newManager(); // not under the run's manager, which may close first
        }
        c.attach(held);
        NDScope.unregister(c); // an NDScope the caller is in would close it on exit, maybe before it is written
        return c;
    }

    /** On the writer thread; after a failure the remaining tensors are dropped. */
    private void writeCopy(EntryId id, String moduleType, NDArray copy, DType dtype, Written w, int permitsHeld) {
        try {
            if (failure == null) {
                DType stored = copy.getDataType() == DataType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
                ByteBuffer data = copy.toByteBuffer(true).order(ByteOrder.LITTLE_ENDIAN);
                w.file = writer.addBytes(id, moduleType, stored, w.shape, dtype, data);
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            copy.close();
            buffer.release(permitsHeld);
        }
    }

    private void write(EntryId id, String moduleType, Tensor t, DType dtype, Written w, int permitsHeld) {
        try {
            if (failure == null) {
                w.file = writer.add(id, moduleType, t, dtype);
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            buffer.release(permitsHeld);
        }
    }

    private void writeShared(EntryId id, String moduleType, Written prior, DType dtype) {
        try {
            if (failure == null) {
                writer.addShared(id, moduleType, prior.file, prior.shape, dtype);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void throwFailure() {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
    }

    /** A recorded tensor object, compared by identity (NDArray's own equals compares contents). */
    private record Identity(NDArray array) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity other && other.array == array;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(array);
        }
    }

    /** The file a recorded tensor went to; set and read on the writer thread only. */
    private static final class Written {
        final Shape shape;
        String file;

        Written(Shape shape) {
            this.shape = shape;
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
        recent.clear();
        if (held != null) {
            held.close();
        }
    }
}
