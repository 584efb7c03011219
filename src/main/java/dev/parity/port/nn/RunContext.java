package dev.parity.port.nn;

/**
 * What one run of the port carries besides its inputs, passed to every module call as the trace sink used to be:
 * where the run's tensors are recorded, which faults it injects and which module outputs it takes from a
 * reference. Nothing of a run is held anywhere else, so two runs in one process (or one thread) cannot see each
 * other's faults or feeds. {@link #OFF} traces nothing, injects nothing and feeds nothing.
 *
 * @param sink where module calls are recorded ({@link TraceSink#OFF} for none); the run's owner closes it
 * @param faults the faults to inject ({@link FaultPlan#NONE} normally)
 * @param feed module outputs to take from a reference (a stage swap; {@link StageFeed#NONE} normally)
 */
public record RunContext(TraceSink sink, FaultPlan faults, StageFeed feed) {
    /** No tracing, no faults, nothing fed. */
    public static final RunContext OFF = new RunContext(TraceSink.OFF, FaultPlan.NONE, StageFeed.NONE);

    public RunContext {
        if (sink == null || faults == null || feed == null) {
            throw new IllegalArgumentException("a run context needs a sink, a fault plan and a stage feed "
                    + "(TraceSink.OFF, FaultPlan.NONE, StageFeed.NONE for none)");
        }
    }

    /** A run recorded into {@code sink}, without faults or feeds. */
    public static RunContext traced(TraceSink sink) {
        return new RunContext(sink, FaultPlan.NONE, StageFeed.NONE);
    }

    /** An untraced run with {@code faults} injected. */
    public static RunContext faulted(FaultPlan faults) {
        return new RunContext(TraceSink.OFF, faults, StageFeed.NONE);
    }

    /** This run recorded into {@code other} instead (same faults and feed). */
    public RunContext withSink(TraceSink other) {
        return new RunContext(other, faults, feed);
    }

    /** Whether anything is recorded: callers skip all tracing work when not. */
    public boolean tracing() {
        return sink.enabled();
    }

    /** Whether the run injects {@code fault} at {@code modulePath} (see {@link FaultPlan#active}). */
    public boolean faulty(Fault fault, String modulePath) {
        return faults.active(fault, modulePath);
    }
}
