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
 *   <li>{@link #record} copies the tensor's elements from libtorch's memory, after its {@code .npy} header, into
 *   a ring of native memory owned by this sink (aligned to the file system's block; 1 MiB at first, doubled while
 *   {@code record} would wait, up to {@code bufferBytes}) and hands the slot to one background thread, which writes
 *   it to its file as it stands (past the page cache where the file system allows, {@link TraceWriter#addImage})
 *   and frees it. One copy per tensor, into memory that is reused; the ring is freed in the order it was filled,
 *   and when it is full {@code record} waits for the writer. A tensor over a quarter of the ring at its largest
 *   gets a buffer of its own once the ring is empty. A copy, not a view: DJL gives no way to tell whether a
 *   tensor's storage is libtorch's own, and a view of an array made from Java data ({@code manager.create(float[])},
 *   or a view of one such as its transpose) points into a buffer that is freed or reused once that array is
 *   closed; the writer then wrote garbage.</li>
 *   <li>A tensor recorded again (the same {@code NDArray} object, still open: a module's input is usually the
 *   output just recorded by the module before it, and a mask or a condition is passed to every block) is not
 *   copied or written again: its entry names the file already written (trace-format.md lets entries share a
 *   file). This relies on the port never changing a recorded tensor in place, which {@code ArchitectureTest}
 *   keeps true; the last {@value #RECENT} recorded objects are remembered.</li>
 * </ul>
 * A write error stops the writer; the next {@code record} or {@link #close} throws it.
 */
public final class TraceWriterSink extends RecordingSink {
    /**
     * The most the ring grows to by default. A full-size S3Gen trace, 5 GB in about 10,000 tensors of mostly
     * 0.3–1.2 MB, streams through it; a 128 MiB ring was no faster (bench/pipeline.md).
     */
    public static final long DEFAULT_BUFFER_BYTES = 32L << 20;
    /** How many recorded tensor objects are remembered for sharing a file. */
    static final int RECENT = 8192;
    /** The ring's unit: slots start on these boundaries, and a permit stands for one. */
    private static final int BLOCK = TraceWriter.IMAGE_ALIGN;
    /** The ring's first size: 1 MiB, all a small model's trace needs. */
    private static final int INITIAL_BLOCKS = (1 << 20) / BLOCK;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private final TraceWriter writer;
    private final Map<Identity, Written> recent = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Identity, Written> eldest) {
            return size() > RECENT;
        }
    };
    final ExecutorService io; // the writer thread: what it is handed is written in that order
    private final Semaphore buffer; // one permit per free BLOCK of the ring
    private final int maxBlocks; // the most the ring may grow to, in blocks
    private int permits; // the ring's size in blocks (it starts small and doubles while record would wait)
    private ByteBuffer ring; // made on the first tensor
    private int head; // the ring's next free block (the free blocks run from here, around, to the oldest slot)
    private volatile RuntimeException failure;
    private boolean failureThrown; // on the recording thread
    private boolean closed;

    public TraceWriterSink(TraceWriter writer) {
        this(writer, DEFAULT_BUFFER_BYTES);
    }

    public TraceWriterSink(TraceWriter writer, long bufferBytes) {
        this.writer = writer;
        this.maxBlocks = (int) Math.max(1, Math.min(Integer.MAX_VALUE / BLOCK - 1, bufferBytes / BLOCK));
        this.permits = Math.min(maxBlocks, INITIAL_BLOCKS);
        this.buffer = new Semaphore(permits);
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "trace-writer " + writer.dir().getFileName());
            t.setDaemon(true);
            return t;
        });
    }

    /** Its writer thread: unfiltered, this sink writes every call (about 5 GB at full size), so it needs a core. */
    @Override
    public int busyThreads() {
        return 1;
    }

    /** Unless its trace is held in memory ({@link TraceWriter#inMemory}). */
    @Override
    public boolean writesToDisk() {
        return !writer.inMemory();
    }

    /** Halves pair: their entries are merged along the first dimension as they are copied out ({@link HalvesSink}). */
    @Override
    public boolean pairsHalves() {
        return true;
    }

    @Override
    public Halves halves() {
        throwFailure();
        return new HalvesSink(this);
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
        if (inNativeMemory(value)) {
            Slot slot = copyOut(value);
            io.execute(() -> writeSlot(id, moduleType, slot, dtype, w));
        } else {
            Tensor t = toTensor(value);
            int need = permitsFor(t.numel() * 4);
            buffer.acquireUninterruptibly(need);
            io.execute(() -> write(id, moduleType, t, dtype, w, need));
        }
    }

    private int permitsFor(long bytes) {
        return (int) Math.min(permits, Math.max(1, bytes / BLOCK));
    }

    /**
     * Whether {@code a} is copied out of libtorch's memory into the ring: every dtype DJL can hold but complex
     * (float32 and float64 as they are, the others as float32), on a little-endian machine; empty tensors take the
     * heap path.
     */
    static boolean inNativeMemory(NDArray a) {
        DataType t = a.getDataType();
        return LITTLE_ENDIAN && a.getShape().size() > 0 && t != DataType.COMPLEX64 && t != DataType.BFLOAT16;
    }

    /** A tensor's {@code .npy} image in the ring (or in a buffer of its own), and the permits it holds. */
    record Slot(DType stored, Shape shape, ByteBuffer image, int permits) {
    }

    /** Copies {@code a}'s header and elements into a slot; blocks while the ring has no room. */
    private Slot copyOut(NDArray a) {
        DataType t = a.getDataType();
        DType stored = t == DataType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
        Shape shape = new Shape(a.getShape().getShape());
        byte[] header = TraceWriter.imageHeader(stored, shape);
        try (Elements data = Elements.of(a)) {
            Taken taken = take(header.length + (long) data.bytes().remaining(), () -> false);
            ByteBuffer image = taken.image();
            image.put(header).put(data.bytes()).flip(); // position 0, limit the file's length; the block's rest is room
            return new Slot(stored, shape, image, taken.permits());
        }
    }

    /**
     * A tensor's elements as they are stored (float32, float64 as it is), contiguous, in libtorch's memory: a view
     * of {@code a} when it is that already, else a copy closed with this.
     */
    record Elements(NDArray a, NDArray typed, NDArray flat, ByteBuffer bytes) implements AutoCloseable {
        static Elements of(NDArray a) {
            DataType t = a.getDataType();
            NDArray typed = t == DataType.FLOAT32 || t == DataType.FLOAT64 ? a : a.toType(DataType.FLOAT32, false);
            NDArray flat = typed.reshape(-1); // a view when contiguous, else a contiguous copy
            return new Elements(a, typed, flat, flat.toByteBuffer(true)); // libtorch's memory, no copy
        }

        @Override
        public void close() {
            if (flat != a) {
                flat.close();
            }
            if (typed != a) {
                typed.close();
            }
        }
    }

    /** Room for an image of {@code length} bytes and the permits it holds until written. */
    record Taken(ByteBuffer image, int permits) {
    }

    /**
     * Room for an image of {@code length} bytes: a slot of the ring, or a buffer of its own once the ring is empty
     * for an image over a quarter of the ring at its largest; waits while the ring has no room, giving up with an
     * {@link IllegalStateException} when {@code abandon} says so (the other half of a pair failed).
     */
    synchronized Taken take(long length, java.util.function.BooleanSupplier abandon) {
        long blocks = (length + BLOCK - 1) / BLOCK;
        while (blocks > permits / 4 && permits < maxBlocks) {
            grow(abandon);
        }
        if (blocks > permits / 4) { // a buffer of its own, once the ring is empty
            acquire(permits, abandon);
            ByteBuffer own = ByteBuffer.allocateDirect(Math.toIntExact(blocks * BLOCK + BLOCK)).alignedSlice(BLOCK);
            return new Taken(own, permits);
        }
        int n = (int) blocks;
        int skip = head + n > permits ? permits - head : 0; // the ring's tail, too short: start over
        int held = skip + n;
        if (!buffer.tryAcquire(held)) {
            if (permits < maxBlocks) {
                grow(abandon);
                skip = 0;
                held = n;
            }
            acquire(held, abandon);
        }
        if (ring == null) {
            ring = ByteBuffer.allocateDirect(permits * BLOCK + BLOCK).alignedSlice(BLOCK);
        }
        if (skip > 0) {
            head = 0;
        }
        ByteBuffer image = ring.slice(head * BLOCK, n * BLOCK);
        head = (head + n) % permits;
        return new Taken(image, held);
    }

    /** Takes {@code n} permits, waiting for the writer; gives up when {@code abandon} says so. */
    private void acquire(int n, java.util.function.BooleanSupplier abandon) {
        try {
            while (!buffer.tryAcquire(n, 50, TimeUnit.MILLISECONDS)) {
                if (abandon.getAsBoolean()) {
                    throw new IllegalStateException("trace writer for " + writer.dir() + ": recording abandoned");
                }
                throwFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the trace writer", e);
        }
    }

    /**
     * Doubles the ring (up to {@code bufferBytes}): waits until the writer has freed every slot, then takes a new
     * ring, whose blocks are all free. Slots already handed out keep the old ring's memory alive until written.
     */
    private void grow(java.util.function.BooleanSupplier abandon) {
        acquire(permits, abandon);
        int bigger = (int) Math.min(maxBlocks, 2L * permits);
        ring = null; // made when the next slot is taken
        head = 0;
        buffer.release(bigger);
        permits = bigger;
    }

    /** On the writer thread; after a failure the remaining tensors are dropped. */
    void writeSlot(EntryId id, String moduleType, Slot slot, DType dtype, Written w) {
        try {
            if (failure == null) {
                w.file = writer.addImage(id, moduleType, slot.stored(), slot.shape(), dtype, slot.image());
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            buffer.release(slot.permits());
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

    void writeShared(EntryId id, String moduleType, Written prior, DType dtype) {
        try {
            if (failure == null) {
                writer.addShared(id, moduleType, prior.file, prior.shape, dtype);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /**
     * Throws the writer's first error; once thrown, later calls throw a new exception caused by it (the same object
     * thrown again would be a try-with-resources' primary exception and its own suppressed one, which Java refuses
     * with an IllegalArgumentException that hides the write error).
     */
    private void throwFailure() {
        RuntimeException e = failure;
        if (e == null) {
            return;
        }
        if (!failureThrown) {
            failureThrown = true;
            throw e;
        }
        throw new IllegalStateException("trace writer for " + writer.dir() + " stopped: " + e.getMessage(), e);
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
    static final class Written {
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
        ring = null; // freed by the collector
    }
}
