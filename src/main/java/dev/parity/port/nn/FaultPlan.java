package dev.parity.port.nn;

import java.util.List;

/**
 * The faults to inject into one run of the pipeline: the one place the fault switches live. A run installs its
 * plan for its duration ({@link #install()}, closed in {@code finally}); a module asks {@link Module#faulty(Fault)},
 * which is true only when the installed plan names that fault at that module's upstream path. With no plan
 * installed ({@link #NONE}) every answer is false.
 *
 * @param injections fault and the module path it applies to
 */
public record FaultPlan(List<Injection> injections) {
    /** No faults. */
    public static final FaultPlan NONE = new FaultPlan(List.of());
    private static final ThreadLocal<FaultPlan> CURRENT = ThreadLocal.withInitial(() -> NONE);

    /** One fault at one module path. */
    public record Injection(Fault fault, String module) {
        /** {@code attention-scale-missing@flow.decoder...attn1}. */
        @Override
        public String toString() {
            return fault.id() + "@" + module;
        }
    }

    /** Uninstalls the plan when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
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

    /** Makes this the current thread's plan until the returned scope is closed (the previous one is restored). */
    public Scope install() {
        FaultPlan previous = CURRENT.get();
        CURRENT.set(this);
        return () -> CURRENT.set(previous);
    }

    /** The plan installed on this thread, {@link #NONE} when none. */
    public static FaultPlan current() {
        return CURRENT.get();
    }
}
