package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import dev.parity.io.EntryId;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.Tensor;

/**
 * Where modules report the tensors of their calls. {@link #OFF} records nothing and is what a run without
 * tracing passes: modules check {@link #enabled()} before touching any tensor, so tracing off costs nothing.
 */
public interface TraceSink extends AutoCloseable {
    /** The sink that records nothing. */
    TraceSink OFF = new TraceSink() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void record(EntryId id, String moduleType, NDArray value) {
            // tracing is off
        }

        @Override
        public void close() {
            // nothing to close
        }
    };

    /** False when nothing would be recorded; callers skip all tracing work then. */
    boolean enabled();

    /**
     * The call index of the next call of the module at {@code path} when this sink counts calls itself (so a
     * fresh sink per run restarts at 0 and a shared instance counts every use), or -1 to let the module count.
     */
    default int nextCall(String path) {
        return -1;
    }

    /**
     * Threads of the sink's own that keep a core busy for the whole run while it records into this sink: a run
     * computes on that many libtorch threads fewer ({@link Torch#leavingCores}). 0 unless the sink writes every
     * call to files on a thread of its own.
     */
    default int busyThreads() {
        return 0;
    }

    /**
     * Whether the files this sink's own thread writes ({@link #busyThreads}) go to a file system on a disk, which
     * takes the large tensors from the sink's buffers (direct I/O), rather than to one in memory, where that thread
     * copies every byte into fresh pages and needs a core to itself. False unless said.
     */
    default boolean writesToDisk() {
        return false;
    }

    /**
     * Whether {@link #halves} can record a batch computed as two halves side by side as the batch itself: every
     * entry of the halves batch-first, written as the two halves' elements one after the other. False unless said.
     */
    default boolean pairsHalves() {
        return false;
    }

    /**
     * Two sinks for the two halves of a batch computed side by side (one thread each): the k-th entry of each half
     * is recorded as one entry of the batch (the halves' shapes with the first dimension added up). Close it once
     * both halves returned: the entries are then in this sink, in order, and its call counts have moved on.
     *
     * @throws UnsupportedOperationException unless {@link #pairsHalves()}
     */
    default Halves halves() {
        throw new UnsupportedOperationException("this trace sink does not pair halves");
    }

    /** The two sinks of {@link #halves()}; closing checks that the halves recorded the same entries. */
    interface Halves extends AutoCloseable {
        /** The sink of half {@code i} (0 or 1). */
        TraceSink half(int i);

        /** A half failed: the other stops waiting for it (and fails too). */
        void abandon();

        /** @throws IllegalStateException when the halves did not record the same entries (a bug of the port) */
        @Override
        void close();
    }

    /** Records one tensor under its identity; the sink copies what it keeps, {@code value} stays the caller's. */
    void record(EntryId id, String moduleType, NDArray value);

    /** Whether {@link #replay} records: an in-memory sink, and the filters in front of one. */
    default boolean replays() {
        return false;
    }

    /**
     * Records an entry of an earlier run of the same model as that run recorded it (identity, module type, dtype,
     * values), for a part of the model this run does not compute again ({@link CallReplay}).
     *
     * @throws UnsupportedOperationException unless {@link #replays()}
     */
    default void replay(TraceEntry entry, Tensor value) {
        throw new UnsupportedOperationException("this trace sink does not replay entries");
    }

    @Override
    void close();
}
