package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One sampling step of {@code T3.inference} (call k = step k): CFG mix of the two rows' last logits, transformers'
 * {@code RepetitionPenaltyLogitsProcessor}, temperature, {@code MinPLogitsWarper}, {@code TopPLogitsWarper},
 * softmax and {@code torch.multinomial} as argmax(p / q). Vectors of one row (V values) are plain float arrays,
 * computed in float32 as torch does; softmax runs on the engine.
 */
public final class T3Sampler {
    /** Owner of the processors' trace names ({@code t3.inference.min_p_warper()}). */
    static final String OWNER = "t3.inference.";
    private final TracedCall repetition_penalty_processor = new TracedCall(OWNER + "repetition_penalty_processor()",
            "method:RepetitionPenaltyLogitsProcessor.__call__");
    private final TracedCall min_p_warper = new TracedCall(OWNER + "min_p_warper()", "method:MinPLogitsWarper.__call__");
    private final TracedCall top_p_warper = new TracedCall(OWNER + "top_p_warper()", "method:TopPLogitsWarper.__call__");
    private final TracedCall multinomial = new TracedCall("torch.multinomial()", "function:torch.multinomial");
    private final GenerationSettings settings;
    private final TokenDraws draws;
    private final FaultCheck faults;

    /** Asks whether a fault is injected at {@code t3.inference()} (the sampler lives inside that method). */
    @FunctionalInterface
    public interface FaultCheck {
        boolean active(Fault f);
    }

    public T3Sampler(GenerationSettings settings, TokenDraws draws, FaultCheck faults) {
        this.settings = settings;
        this.draws = draws;
        this.faults = faults;
    }

    /**
     * @param step k
     * @param cond row 0 logits of the last position (V)
     * @param uncond row 1 logits of the last position (V)
     * @param generated_ids the BOS and every token sampled so far
     * @return the sampled token
     */
    public long sample(RunContext ctx, NDManager m, int step, float[] cond, float[] uncond, List<Long> generated_ids) {
        int vocab = cond.length;
        float cfg = (float) settings.cfg_weight();
        float[] logits = new float[vocab]; // (1, V)
        boolean wrongRow = faults.active(Fault.CFG_WRONG_ROW);
        for (int i = 0; i < vocab; i++) {
            float c = wrongRow ? uncond[i] : cond[i];
            float u = wrongRow ? cond[i] : uncond[i];
            logits[i] = c + cfg * (c - u);
        }
        NDArray ids = m.create(generated_ids.stream().mapToLong(Long::longValue).toArray(),
                new Shape(1, generated_ids.size())); // (1, n) int64
        boolean late = faults.active(Fault.REPETITION_PENALTY_AFTER_TEMPERATURE);
        if (late) {
            logits = temperature(logits);
        }
        logits = repetitionPenalty(ctx, m, ids, logits, generated_ids);
        if (!late) {
            logits = temperature(logits);
        }
        logits = minP(ctx, m, ids, logits);
        logits = topP(ctx, m, ids, logits);
        return multinomial(ctx, m, step, logits);
    }

    private float[] temperature(float[] x) {
        if (settings.temperature() == 1.0) {
            return x;
        }
        float t = (float) settings.temperature();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] / t;
        }
        return y;
    }

    /** Each distinct id's logit divided by the penalty when ≥ 0, multiplied when < 0. */
    private float[] repetitionPenalty(RunContext ctx, NDManager m, NDArray ids, float[] scores, List<Long> gen) {
        Module.Call c = repetition_penalty_processor.start(ctx).in(ids).in("scores", row(ctx, m, scores));
        float penalty = (float) settings.repetition_penalty();
        float[] y = scores.clone();
        Set<Long> distinct = new LinkedHashSet<>(gen);
        for (long id : distinct) {
            float s = scores[Math.toIntExact(id)];
            y[Math.toIntExact(id)] = s < 0 ? s * penalty : s / penalty;
        }
        c.out(row(ctx, m, y));
        return y;
    }

    /** Tokens whose probability is below min_p · max probability get −∞ (the best always stays). */
    private float[] minP(RunContext ctx, NDManager m, NDArray ids, float[] scores) {
        Module.Call c = min_p_warper.start(ctx).in(ids).in("scores", row(ctx, m, scores));
        float[] probs = softmax(m, scores);
        float top = 0;
        for (float p : probs) {
            top = Math.max(top, p);
        }
        float scaled = (float) settings.min_p() * top;
        float[] y = scores.clone();
        for (int i = 0; i < y.length; i++) {
            if (probs[i] < scaled) {
                y[i] = Float.NEGATIVE_INFINITY;
            }
        }
        c.out(row(ctx, m, y));
        return y;
    }

    /** Sorted ascending, tokens whose cumulative probability is ≤ 1 − top_p get −∞ (the best always stays). */
    private float[] topP(RunContext ctx, NDManager m, NDArray ids, float[] scores) {
        Module.Call c = top_p_warper.start(ctx).in(ids).in("scores", row(ctx, m, scores));
        float[] probs = softmax(m, scores);
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        float limit = (float) (1 - settings.top_p());
        float[] y = scores.clone();
        float cumulative = 0;
        for (int r = 0; r < order.length - 1; r++) { // the last (best) always stays
            cumulative += probs[order[r]];
            if (cumulative <= limit) {
                y[order[r]] = Float.NEGATIVE_INFINITY;
            }
        }
        c.out(row(ctx, m, y));
        return y;
    }

    /** probs = softmax(scores); token = argmax(probs / q), or the forced token; records the draw. */
    private long multinomial(RunContext ctx, NDManager m, int step, float[] scores) {
        float[] probs = softmax(m, scores);
        Module.Call c = multinomial.start(ctx).in(row(ctx, m, probs));
        float[] q = draws.q(step, probs.length);
        long token = draws.forcedToken(step);
        if (token < 0) {
            token = argmaxRatio(probs, q);
        } else if (token >= probs.length) {
            throw new IllegalArgumentException("forced token " + token + " at step " + step + " is outside [0, "
                    + probs.length + ")");
        }
        NDArray tok = m.create(new long[] {token}, new Shape(1, 1)); // (1, 1) int64
        if (ctx.tracing()) {
            String where = "random draw inside t3.inference() (torch.multinomial, generation step " + step + ")";
            ctx.sink().record(new EntryId(TokenDraws.NAME, step, EntryKind.RNG, TokenDraws.Q), where, row(ctx, m, q));
            ctx.sink().record(new EntryId(TokenDraws.NAME, step, EntryKind.RNG, TokenDraws.TOKEN), where, tok);
        }
        c.out(tok);
        return token;
    }

    static long argmaxRatio(float[] probs, float[] q) {
        int best = 0;
        float bestV = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < probs.length; i++) {
            float v = probs[i] / q[i];
            if (v > bestV) {
                bestV = v;
                best = i;
            }
        }
        return best;
    }

    private static float[] softmax(NDManager m, float[] x) {
        try (NDArray a = m.create(x); NDArray p = a.softmax(-1)) {
            return p.toFloatArray();
        }
    }

    /** (1, V) for the trace, or null (nothing made) when tracing is off. */
    private static NDArray row(RunContext ctx, NDManager m, float[] v) {
        return ctx.tracing() ? m.create(v, new Shape(1, v.length)) : null; // (1, V)
    }
}
