package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;

/**
 * A sink that passes on only what {@link TraceSettings} keeps (random draws and final results always), so a
 * run can mimic a reference's recording settings. Call counting is delegated, so skipped calls still count.
 */
public final class TraceFilter implements TraceSink {
    private final TraceSink next;
    private final TraceSettings settings;

    public TraceFilter(TraceSink next, TraceSettings settings) {
        this.next = next;
        this.settings = settings;
    }

    @Override
    public boolean enabled() {
        return next.enabled();
    }

    @Override
    public int nextCall(String path) {
        return next.nextCall(path);
    }

    @Override
    public void record(EntryId id, String moduleType, NDArray value) {
        boolean always = id.kind() == EntryKind.RNG || id.kind() == EntryKind.FINAL;
        if (always || settings.keeps(id.name(), moduleType, id.call(), id.arg())) {
            next.record(id, moduleType, value);
        }
    }

    @Override
    public void close() {
        next.close();
    }
}
