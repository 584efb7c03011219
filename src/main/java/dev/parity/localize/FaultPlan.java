package dev.parity.localize;

import java.util.ArrayList;
import java.util.List;

/**
 * The faults to inject into one run of the Java pipeline: the one place fault switches live. Port modules ask
 * {@link #active(Fault, String)} with their own upstream path at the point where the fault would happen;
 * {@link #NONE} answers false everywhere.
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

    /**
     * Parses {@code NAME[@MODULE]} specs ({@code --inject-fault}, repeatable); without a module the fault's
     * {@link Fault#defaultModule()} is used.
     *
     * @throws IllegalArgumentException naming the spec when the fault is unknown or the module empty
     */
    public static FaultPlan parse(List<String> specs) {
        List<Injection> list = new ArrayList<>();
        for (String s : specs) {
            int at = s.indexOf('@');
            Fault f = Fault.parse(at < 0 ? s : s.substring(0, at));
            String module = at < 0 ? f.defaultModule() : s.substring(at + 1).trim();
            if (module.isEmpty()) {
                throw new IllegalArgumentException("--inject-fault '" + s + "': empty module after '@'");
            }
            list.add(new Injection(f, module));
        }
        return new FaultPlan(list);
    }

    /** Whether {@code fault} is to be injected in the module at {@code modulePath}. */
    public boolean active(Fault fault, String modulePath) {
        return injections.stream().anyMatch(i -> i.fault() == fault && i.module().equals(modulePath));
    }

    public boolean isEmpty() {
        return injections.isEmpty();
    }
}
