package dev.parity.port.cond;

import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;

/**
 * A plain upstream function on the conditioning path traced like a module: {@code kaldi.fbank()} with module type
 * {@code function:torchaudio.compliance.kaldi.fbank}, as the reference records it. Call numbering per path.
 */
public class TracedFunction extends Module {
    private final String type;

    public TracedFunction(String path, String qualifiedName) {
        super(path);
        this.type = "function:" + qualifiedName;
    }

    @Override
    public String moduleType() {
        return type;
    }

    /** Starts one call. */
    public Call start(RunContext ctx) {
        return begin(ctx);
    }

    /** Whether the run's fault plan injects {@code fault} at this function. */
    public boolean faultyAt(RunContext ctx, dev.parity.port.nn.Fault fault) {
        return faulty(ctx, fault);
    }
}
