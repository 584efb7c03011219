package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import dev.parity.io.EntryId;
import dev.parity.io.TraceWriter;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The two halves of a batch of two computed side by side (the CFG halves of an ODE step), recorded into a
 * {@link TraceWriterSink} as the batch itself: a batch-first entry of the batch is the first half's elements, then
 * the second's, so the first half to reach its k-th entry takes ring room for the whole {@code .npy} image (the
 * header of the merged shape, then twice the half's bytes), each half copies its elements to its own offset, and
 * the pairs go to the writer in entry order once both halves have filled them. One copy per element, as for any
 * entry; the ring bounds the memory (the half that is behind only fills room the other took, so neither waits for
 * the other's room). A tensor a half records again (the same object) shares the file of its earlier pair, as the
 * sink does for one thread. The halves must record the same entries with the same shapes; anything else is a bug
 * of the port and fails the run. Calls are numbered on from the sink's counts, which move on when this is closed.
 */
final class HalvesSink implements TraceSink.Halves {
    private final TraceWriterSink sink;
    private final Half[] halves = {new Half(0), new Half(1)};
    private final List<Pair> pairs = new ArrayList<>(); // by entry index within the halves
    private int next; // the first pair not yet handed to the writer
    private volatile boolean failed;

    HalvesSink(TraceWriterSink sink) {
        this.sink = sink;
    }

    @Override
    public TraceSink half(int i) {
        return halves[i];
    }

    /** One entry of the batch: what the first half to reach it said, the room it took, how many halves are in. */
    private static final class Pair {
        EntryId id;
        String moduleType;
        DType dtype;
        Shape half;
        Integer shared; // the earlier pair whose file this entry names, or null
        TraceWriterSink.Slot slot; // the room, once taken (null for a shared entry)
        int headerBytes;
        int filled;
        TraceWriterSink.Written written;
    }

    /** The sink of one half: numbers calls from the run's counts, hands its entries to the pairing. */
    private final class Half implements TraceSink {
        private final int index;
        private final Map<String, Integer> calls = new HashMap<>();
        private final Map<NDArray, Integer> recorded = new IdentityHashMap<>(); // object -> its pair
        private int entries;

        Half(int index) {
            this.index = index;
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public int nextCall(String path) {
            return sink.callsSoFar(path) + calls.merge(path, 1, Integer::sum) - 1;
        }

        @Override
        public void record(EntryId id, String moduleType, NDArray value) {
            int k = entries++;
            Integer prior = value.isReleased() ? null : recorded.get(value);
            if (prior == null) {
                recorded.put(value, k);
            }
            arrive(this, k, id, moduleType, value, prior);
        }

        @Override
        public void close() {
            // the pairing is closed by its owner
        }
    }

    private void arrive(Half h, int k, EntryId id, String moduleType, NDArray value, Integer prior) {
        DType dtype = TraceWriterSink.dtypeOf(value.getDataType());
        Shape shape = new Shape(value.getShape().getShape());
        if (prior == null && (!TraceWriterSink.inNativeMemory(value) || shape.rank() == 0)) {
            fail("entry " + id + " of a CFG half (" + dtype.numpyName() + " " + shape + ") cannot be merged into a "
                    + "batch");
        }
        Pair p;
        boolean takes;
        synchronized (this) {
            while (pairs.size() <= k) {
                pairs.add(new Pair());
            }
            p = pairs.get(k);
            takes = p.id == null;
            if (takes) {
                p.id = id;
                p.moduleType = moduleType;
                p.dtype = dtype;
                p.half = shape;
                p.shared = prior;
            } else if (!p.id.equals(id) || !p.moduleType.equals(moduleType) || p.dtype != dtype
                    || !p.half.equals(shape) || !Objects.equals(p.shared, prior)) {
                fail("the CFG halves recorded different entries at position " + k + ": " + p.id + " " + p.half
                        + " and " + id + " " + shape);
            }
        }
        if (prior == null) {
            try (TraceWriterSink.Elements data = TraceWriterSink.Elements.of(value)) {
                ByteBuffer bytes = data.bytes();
                int n = bytes.remaining();
                if (takes) {
                    take(p, n);
                } else {
                    waitForRoom(p);
                }
                p.slot.image().put(p.headerBytes + h.index * n, bytes, bytes.position(), n);
            }
        }
        synchronized (this) {
            p.filled++;
            handOver();
        }
    }

    /** Takes the room of pair {@code p} (the first half to reach it): header of the merged shape, two halves. */
    private void take(Pair p, int halfBytes) {
        long[] dims = p.half.dims().clone();
        dims[0] *= 2;
        Shape merged = new Shape(dims);
        DType stored = p.dtype == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
        byte[] header = TraceWriter.imageHeader(stored, merged);
        TraceWriterSink.Taken room;
        try {
            room = sink.take(header.length + 2L * halfBytes, () -> failed);
        } catch (RuntimeException e) {
            abandon();
            throw e;
        }
        ByteBuffer image = room.image();
        image.put(0, header).limit(Math.toIntExact(header.length + 2L * halfBytes)); // position 0, limit: the length
        synchronized (this) {
            p.headerBytes = header.length;
            p.slot = new TraceWriterSink.Slot(stored, merged, image, room.permits());
            notifyAll();
        }
    }

    /** Waits until the other half has taken the room of {@code p}. */
    private synchronized void waitForRoom(Pair p) {
        while (p.slot == null) {
            if (failed) {
                throw new IllegalStateException("the other CFG half failed");
            }
            try {
                wait(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the other CFG half", e);
            }
        }
    }

    /** Hands the pairs both halves have filled to the writer, in entry order. */
    private void handOver() {
        while (next < pairs.size() && pairs.get(next).filled == 2) {
            Pair p = pairs.get(next);
            if (p.shared != null) {
                TraceWriterSink.Written prior = pairs.get(p.shared).written;
                sink.io.execute(() -> sink.writeShared(p.id, p.moduleType, prior, p.dtype));
            } else {
                TraceWriterSink.Written w = new TraceWriterSink.Written(p.slot.shape());
                p.written = w;
                TraceWriterSink.Slot slot = p.slot;
                p.slot = null; // the writer has it; a big tensor's own buffer is not kept for the whole solve
                sink.io.execute(() -> sink.writeSlot(p.id, p.moduleType, slot, p.dtype, w));
            }
            next++;
        }
    }

    @Override
    public void abandon() {
        failed = true;
        synchronized (this) {
            notifyAll();
        }
    }

    private void fail(String message) {
        abandon();
        throw new IllegalStateException(message);
    }

    /**
     * Checks that both halves recorded the same entries and all went to the writer, then moves the sink's call
     * counts on by one half's calls.
     */
    @Override
    public void close() {
        if (failed) {
            return; // the halves' own exception is the one reported
        }
        synchronized (this) {
            if (halves[0].entries != halves[1].entries || next != pairs.size()) {
                throw new IllegalStateException("the CFG halves recorded " + halves[0].entries + " and "
                        + halves[1].entries + " entries (" + next + " of " + pairs.size() + " written)");
            }
        }
        halves[0].calls.forEach(sink::countCalls);
    }
}
