package dev.parity.port.run;

import ai.djl.ndarray.NDArray;
import dev.parity.io.EntryId;
import dev.parity.port.nn.TraceSink;

/**
 * The T3 dumps' one recording rule that {@link dev.parity.port.nn.TraceSettings} cannot say: {@code tfmr} is
 * recorded on every forward pass, but its bulky named outputs ({@code past_key_values.*}, {@code hidden_states.*})
 * only for the first {@code maxCalls} passes, like the decoder layers.
 */
final class T3TraceLimit implements TraceSink {
    private final TraceSink next;
    private final int maxCalls;

    T3TraceLimit(TraceSink next, int maxCalls) {
        this.next = next;
        this.maxCalls = maxCalls;
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
        boolean bulky = id.name().equals("tfmr") && id.arg() != null
                && (id.arg().startsWith("past_key_values.") || id.arg().startsWith("hidden_states."));
        if (!bulky || id.call() < maxCalls) {
            next.record(id, moduleType, value);
        }
    }

    @Override
    public void close() {
        next.close();
    }
}
