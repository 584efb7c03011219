package dev.parity.port.nn;

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
}
