package dev.parity.port.nn;

import dev.parity.io.EntryId;
import java.util.HashMap;
import java.util.Map;

/**
 * A sink that records (it is always enabled) and counts calls per module path itself, so a fresh sink per run
 * numbers calls from 0 and a module instance shared by several parents counts every use, as the reference does.
 */
public abstract class RecordingSink implements TraceSink {
    private final Map<String, Integer> calls = new HashMap<>();

    @Override
    public final boolean enabled() {
        return true;
    }

    @Override
    public final int nextCall(String path) {
        return calls.merge(path, 1, Integer::sum) - 1;
    }

    /** Calls of the module at {@code path} counted so far. */
    final int callsSoFar(String path) {
        return calls.getOrDefault(path, 0);
    }

    /** Counts {@code n} more calls of the module at {@code path}, made while recording elsewhere (HalvesSink). */
    final void countCalls(String path, int n) {
        calls.merge(path, n, Integer::sum);
    }

    /** Counts the call of a replayed entry as made: the module's next call is numbered after it. */
    protected final void counted(EntryId id) {
        calls.merge(id.name(), id.call() + 1, Math::max);
    }
}
