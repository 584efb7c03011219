package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import dev.parity.io.EntryId;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.Tensor;

/**
 * A sink that passes on to the next one only the entries {@link #keeps} accepts. Call counting is delegated, so
 * skipped calls still count; closing closes the next sink. Subclasses say only what they keep.
 */
public abstract class FilteringSink implements TraceSink {
    private final TraceSink next;

    protected FilteringSink(TraceSink next) {
        this.next = next;
    }

    /** Whether the entry {@code id} of a module of type {@code moduleType} is recorded. */
    protected abstract boolean keeps(EntryId id, String moduleType);

    /**
     * Whether every entry is kept: then the next sink's {@link #busyThreads}, {@link #writesToDisk} and
     * {@link #halves} are this one's ({@code --record '**'} records as {@code --trace-all} does); false unless said.
     */
    protected boolean keepsEverything() {
        return false;
    }

    @Override
    public final int busyThreads() {
        return keepsEverything() ? next.busyThreads() : 0;
    }

    @Override
    public final boolean writesToDisk() {
        return keepsEverything() && next.writesToDisk();
    }

    @Override
    public final boolean pairsHalves() {
        return keepsEverything() && next.pairsHalves();
    }

    @Override
    public final Halves halves() {
        return keepsEverything() ? next.halves() : TraceSink.super.halves();
    }

    @Override
    public final boolean enabled() {
        return next.enabled();
    }

    @Override
    public final int nextCall(String path) {
        return next.nextCall(path);
    }

    @Override
    public final void record(EntryId id, String moduleType, NDArray value) {
        if (keeps(id, moduleType)) {
            next.record(id, moduleType, value);
        }
    }

    @Override
    public final boolean replays() {
        return next.replays();
    }

    @Override
    public final void replay(TraceEntry entry, Tensor value) {
        if (keeps(entry.id(), entry.moduleType())) {
            next.replay(entry, value);
        }
    }

    @Override
    public final void close() {
        next.close();
    }
}
