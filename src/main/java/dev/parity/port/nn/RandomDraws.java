package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;

/**
 * Every random draw of one run, in draw order: values come from a {@link NoiseSource} (recorded draws of a
 * reference dump, or a seeded generator) and each draw is traced as {@code rng.<function>} with the run-wide
 * draw index as its call and the label as its arg, like the reference.
 */
public final class RandomDraws {
    private final NoiseSource source;
    private int count;

    public RandomDraws(NoiseSource source) {
        this(source, 0);
    }

    /**
     * Draws numbered from {@code firstIndex}: for a run of one stage of a recorded whole-model run (the vocoder
     * alone starts at draw 1, after the flow's {@code cfm_z}), so indices and trace calls match the reference.
     */
    public RandomDraws(NoiseSource source, int firstIndex) {
        if (firstIndex < 0) {
            throw new IllegalArgumentException("first draw index must be ≥ 0, got " + firstIndex);
        }
        this.source = source;
        this.count = firstIndex;
    }

    /** {@code torch.randn_like}: standard normal values of {@code shape}, float32 on {@code m}. */
    public NDArray randnLike(RunContext ctx, NDManager m, String label, String where, long... shape) {
        float[] v = source.normal(label, count, shape);
        return record(ctx, m.create(v, new Shape(shape)), "randn_like", label, where);
    }

    /** {@code Uniform(low, high).sample}: uniform values of {@code shape}, float32 on {@code m}. */
    public NDArray uniform(RunContext ctx, NDManager m, String label, String where, double low, double high,
            long... shape) {
        float[] v = source.uniform(label, count, low, high, shape);
        return record(ctx, m.create(v, new Shape(shape)), "sample", label, where);
    }

    private NDArray record(RunContext ctx, NDArray a, String function, String label, String where) {
        int index = count++;
        if (ctx.tracing()) {
            ctx.sink().record(new EntryId("rng." + function, index, EntryKind.RNG, label),
                    "random draw inside " + where, a);
        }
        return a;
    }

    /** Counts {@code n} draws as made: those of a call replayed from an earlier run ({@link CallReplay}). */
    void skip(int n) {
        count += n;
    }

    /** Draws so far. */
    public int count() {
        return count;
    }
}
