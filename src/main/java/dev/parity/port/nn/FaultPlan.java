package dev.parity.port.nn;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The faults to inject into one run of the pipeline: the one place the fault switches live. A run carries its
 * plan in its {@link RunContext}; a module asks {@link Module#faulty(RunContext, Fault)}, which is true only when
 * the run's plan names that fault at that module's upstream path. With {@link #NONE} every answer is false.
 *
 * <p>The plan remembers which of its injections a module asked about (and so received): an injection no module
 * ever asked about did nothing, because no module at that path computes what the fault changes
 * ({@link #unapplied}); the commands refuse such a run rather than report on a model without the fault.
 */
public final class FaultPlan {
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

    private final List<Injection> injections;
    private final Set<Injection> applied = ConcurrentHashMap.newKeySet(); // modules of several threads ask

    /** @param injections fault and the module path it applies to */
    public FaultPlan(List<Injection> injections) {
        this.injections = List.copyOf(injections);
    }

    /** The faults and the module paths they apply to. */
    public List<Injection> injections() {
        return injections;
    }

    /** Whether {@code fault} is to be injected in the module at {@code modulePath}. */
    public boolean active(Fault fault, String modulePath) {
        for (Injection i : injections) {
            if (i.fault() == fault && i.module().equals(modulePath)) {
                applied.add(i);
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return injections.isEmpty();
    }

    /** The injections no module has received so far (in the plan's order): they changed nothing. */
    public List<Injection> unapplied() {
        return injections.stream().filter(i -> !applied.contains(i)).toList();
    }

    @Override
    public String toString() {
        return injections.toString();
    }
}
