package dev.parity.port.hift;

import dev.parity.port.nn.Module;
import dev.parity.port.nn.TraceSink;

/**
 * A plain method traced like a module, as the reference does: path {@code <owner>.<method>()}, module type
 * {@code method:<Class>.<method>}.
 */
final class TracedMethod extends Module {
    private final String type;

    TracedMethod(String ownerPath, String ownerClass, String method) {
        super(ownerPath + "." + method + "()");
        this.type = "method:" + ownerClass + "." + method;
    }

    @Override
    public String moduleType() {
        return type;
    }

    /** Starts one call of the method. */
    Call start(TraceSink sink) {
        return begin(sink);
    }
}
