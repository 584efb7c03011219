package dev.parity.localize;

import dev.parity.compare.Comparison;
import dev.parity.compare.EntryResult;
import dev.parity.compare.EntryStatus;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.Tensor;

/**
 * Attributes the first divergence to the module call where the error is born. All entries before the first
 * diverging one matched, so every call open at that point had matching recorded inputs; the innermost of them is
 * to blame:
 * <ul>
 *   <li>first divergence is a call's {@code out}: that call ({@link CulpritKind#MODULE_OUTPUT});</li>
 *   <li>it is a child's {@code in}: the error arose inside the enclosing call between recorded points (e.g. a wrong
 *       attention scale shows first at the input of {@code attn1.to_out.0}, so {@code attn1} is to blame,
 *       {@link CulpritKind#INSIDE_MODULE}); outside every call it is the run's input ({@link CulpritKind#INPUTS});</li>
 *   <li>a random draw: {@link CulpritKind#RANDOM_DRAW}; a final result with no call open: {@link CulpritKind#FINAL}.</li>
 * </ul>
 */
final class Attribution {
    private Attribution() {
    }

    /** The culprit of {@code c}, or null when nothing diverged. */
    static Culprit of(CallTree tree, Comparison c, TensorLookup ref, TensorLookup cand, NoiseFloor floor) {
        EntryResult f = c.firstDivergence();
        if (f == null) {
            return null;
        }
        TraceEntry e = f.reference();
        int i = e.index();
        int owner = switch (e.kind()) {
            case OUT -> tree.callOf(i);
            case IN, FINAL -> tree.enclosing(i);
            case RNG -> -1;
        };
        CulpritKind kind = kind(e, owner);
        String module = owner >= 0 ? tree.call(owner).name() : e.name();
        int call = owner >= 0 ? tree.call(owner).call() : e.call();
        long later = c.results().stream().skip(i + 1L).filter(r -> r.status().isDivergence()).count();
        double ratio = f.metrics() == null ? Double.NaN : floor.ratio(e.id(), f.metrics().relL2());
        boolean compared = owner >= 0 && tree.call(owner).ins().stream()
                .anyMatch(k -> c.results().get(k).status() != EntryStatus.MISSING);
        return new Culprit(module, call, Stages.of(module), kind, f, shape(f, ref, cand), ratio, later, compared);
    }

    private static CulpritKind kind(TraceEntry e, int owner) {
        return switch (e.kind()) {
            case OUT -> CulpritKind.MODULE_OUTPUT;
            case IN -> owner >= 0 ? CulpritKind.INSIDE_MODULE : CulpritKind.INPUTS;
            case RNG -> CulpritKind.RANDOM_DRAW;
            case FINAL -> owner >= 0 ? CulpritKind.INSIDE_MODULE : CulpritKind.FINAL;
        };
    }

    private static ErrorShape shape(EntryResult f, TensorLookup ref, TensorLookup cand) {
        if (f.status() == EntryStatus.SHAPE_MISMATCH) {
            return ErrorShape.shape();
        }
        Tensor r = ref.get(f.reference().id());
        Tensor k = cand.get(f.reference().id());
        return ErrorShape.of(r, k);
    }
}
