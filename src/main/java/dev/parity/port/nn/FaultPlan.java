package dev.parity.port.nn;

import java.util.List;

/**
 * The faults to inject into one run of the pipeline: the one place the fault switches live. A run carries its
 * plan in its {@link RunContext}; a module asks {@link Module#faulty(RunContext, Fault)}, which is true only when
 * the run's plan names that fault at that module's upstream path. With {@link #NONE} every answer is false.
 *
 * @param injections fault and the module path it applies to
 */
public record FaultPlan(List<Injection> injections) {
    /** No faults. */
    public static final FaultPlan NONE = new FaultPlan(List.of());

    /** One fault at one module path. */
    public record Injection(Fault fault, String module) {
        /** {@code attention-scale-missing@flow.decoder...attn1}. */
        @Override
        public String toString() {
            return fault.id() + "@" + module;
        }
    }

    public FaultPlan {
        injections = List.copyOf(injections);
    }

    /** Whether {@code fault} is to be injected in the module at {@code modulePath}. */
    public boolean active(Fault fault, String modulePath) {
        return injections.stream().anyMatch(i -> i.fault() == fault && i.module().equals(modulePath));
    }

    public boolean isEmpty() {
        return injections.isEmpty();
    }
}
