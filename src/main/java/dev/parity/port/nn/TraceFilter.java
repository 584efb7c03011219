package dev.parity.port.nn;

import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;

/**
 * A sink that passes on only what {@link TraceSettings} keeps (random draws and final results always), so a
 * run can mimic a reference's recording settings. Call counting is delegated, so skipped calls still count.
 */
public final class TraceFilter extends FilteringSink {
    private final TraceSettings settings;

    public TraceFilter(TraceSink next, TraceSettings settings) {
        super(next);
        this.settings = settings;
    }

    @Override
    protected boolean keepsEverything() {
        return settings == TraceSettings.ALL;
    }

    @Override
    protected boolean keeps(EntryId id, String moduleType) {
        boolean always = id.kind() == EntryKind.RNG || id.kind() == EntryKind.FINAL;
        return always || settings.keeps(id.name(), moduleType, id.call(), id.arg());
    }
}
