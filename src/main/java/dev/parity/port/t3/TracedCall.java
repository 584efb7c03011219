package dev.parity.port.t3;

import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;

/**
 * A traced call with a free-form path and module type, for things upstream calls that are neither our modules nor
 * methods of one: the logits processors ({@code t3.inference.min_p_warper()}, type
 * {@code method:MinPLogitsWarper.__call__}), {@code torch.multinomial()} and the {@code patched_model} wrapper.
 */
public final class TracedCall extends Module {
    private final String type;

    public TracedCall(String path, String moduleType) {
        super(path);
        this.type = moduleType;
    }

    @Override
    public String moduleType() {
        return type;
    }

    /** Starts one call. */
    public Call start(RunContext ctx) {
        return begin(ctx);
    }
}
