package dev.parity.port.nn;

/**
 * A plain upstream method traced like a module ({@code flow.inference()}): its path ends in {@code ()} and its
 * module type is {@code method:Class.method}.
 */
public final class TracedMethod extends Module {
    private final String type;

    /**
     * @param owner the module the method belongs to (its path prefixes the method name)
     * @param upstreamClass the upstream class that defines the method
     */
    public TracedMethod(String ownerPath, String upstreamClass, String method) {
        super(ownerPath + "." + method + "()");
        this.type = "method:" + upstreamClass + "." + method;
    }

    @Override
    public String moduleType() {
        return type;
    }

    /** Starts one call of the method. */
    public Call start(RunContext ctx) {
        return begin(ctx);
    }
}
