package dev.parity.port.run;

import dev.parity.io.EntryId;
import dev.parity.port.nn.FilteringSink;
import dev.parity.port.nn.TraceSink;

/**
 * The T3 dumps' one recording rule that {@link dev.parity.port.nn.TraceSettings} cannot say: {@code tfmr} is
 * recorded on every forward pass, but its bulky named outputs ({@code past_key_values.*}, {@code hidden_states.*})
 * only for the first {@code maxCalls} passes, like the decoder layers.
 */
final class T3TraceLimit extends FilteringSink {
    private final int maxCalls;

    T3TraceLimit(TraceSink next, int maxCalls) {
        super(next);
        this.maxCalls = maxCalls;
    }

    @Override
    protected boolean keeps(EntryId id, String moduleType) {
        boolean bulky = id.name().equals("tfmr") && id.arg() != null
                && (id.arg().startsWith("past_key_values.") || id.arg().startsWith("hidden_states."));
        return !bulky || id.call() < maxCalls;
    }
}
