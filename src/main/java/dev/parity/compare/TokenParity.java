package dev.parity.compare;

import dev.parity.io.EntryId;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Token-level parity of an autoregressive sampler, from the traces alone (any producer): per sampling step the two
 * sides' tokens, the logit error, KL(p_ref ‖ p_cand), both top-k lists and how close the reference was to flipping;
 * the first step whose sampled token differs and why ({@link FlipCause}); and the step × layer error matrix.
 *
 * <p>The sampling rule is the reference's: {@code torch.multinomial(p, 1)} on CPU is {@code argmax(p / q)} with
 * recorded exponential noise q. A flip is a <em>near-tie</em> when, under the reference's own p and q, the two
 * tokens' scores {@code log(p/q)} differ by at most {@link #NEAR_TIE_NATS} — far above float32 rounding of the
 * log-probabilities (≈ 1e-6) and far below what a wrong formula moves. Otherwise it is a real divergence: the noise
 * differs, the probabilities already differ beyond tolerance, or (both agreeing) the sampler does.
 *
 * @param steps one per step recorded by either side, in order
 * @param firstFlip the first step whose sampled tokens differ, or null
 * @param firstPickFlip the first step where the candidate's own pick argmax(p_cand / q_ref) differs from the
 *                      reference's token, or null; under teacher forcing (tokens forced equal) this is where the
 *                      candidate would have flipped, and its {@code candToken} is that pick
 * @param matrix the step × layer view (empty when the layout's modules were not recorded)
 */
public record TokenParity(SamplerLayout layout, List<TokenStep> steps, TokenFlip firstFlip, TokenFlip firstPickFlip,
                          CallMatrix matrix) {
    /** Largest margin (nats) at which a flip counts as a near-tie. */
    public static final double NEAR_TIE_NATS = 1e-3;
    /** How many tokens the top-k lists hold. */
    public static final int TOP_K = 5;

    public TokenParity {
        steps = List.copyOf(steps);
    }

    /** The analysis of a trace pair without a sampler. */
    public static TokenParity none() {
        return new TokenParity(SamplerLayout.T3, List.of(), null, null,
                new CallMatrix(List.of(), List.of(), List.of()));
    }

    /** No sampler in the reference: nothing to show. */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    public long refSteps() {
        return steps.stream().filter(s -> s.refToken() >= 0).count();
    }

    public long candSteps() {
        return steps.stream().filter(s -> s.candToken() >= 0).count();
    }

    /** Steps whose tokens differ (a missing step on one side counts). */
    public long flips() {
        return steps.stream().filter(s -> !s.tokensEqual()).count();
    }

    /** Steps where the candidate's own pick argmax(p_cand / q_ref) differs from the reference's token. */
    public long pickFlips() {
        return steps.stream().filter(s -> s.candPick() >= 0 && s.refToken() >= 0 && s.candPick() != s.refToken())
                .count();
    }

    /** Analyses the T3 sampler layout ({@link SamplerLayout#T3}). */
    public static TokenParity of(Trace ref, Trace cand, Comparison c) {
        return of(ref, cand, c, SamplerLayout.T3);
    }

    public static TokenParity of(Trace ref, Trace cand, Comparison c, SamplerLayout layout) {
        Side r = new Side(ref, byId(ref, MappingRules.NONE));
        Side k = new Side(cand, byId(cand, c.options().rules()));
        Map<EntryId, EntryResult> results = new HashMap<>();
        c.results().forEach(x -> results.put(x.reference().id(), x));
        List<TokenStep> steps = new ArrayList<>();
        for (int s = 0; r.token(layout, s) >= 0 || k.token(layout, s) >= 0; s++) {
            steps.add(step(layout, s, r, k, results));
        }
        TokenFlip flip = flip(layout, steps, false, r, k, results);
        TokenFlip pick = flip(layout, steps, true, r, k, results);
        return new TokenParity(layout, steps, flip, pick, CallMatrix.of(c.results(), layout));
    }

    private static Map<EntryId, TraceEntry> byId(Trace t, MappingRules rules) {
        Map<EntryId, TraceEntry> m = new HashMap<>();
        t.entries().forEach(e -> m.putIfAbsent(e.id().withName(rules.apply(e.name())), e));
        return m;
    }

    private static TokenStep step(SamplerLayout l, int s, Side r, Side k, Map<EntryId, EntryResult> results) {
        double[] pr = r.values(l.probabilities(s));
        double[] pc = k.values(l.probabilities(s));
        double[] q = r.values(l.noise(s));
        long rt = r.token(l, s);
        boolean both = pr != null && pc != null && pr.length == pc.length;
        long pick = pc != null && q != null && pc.length == q.length ? argmaxScore(pc, q, -1) : -1;
        double margin = pr != null && q != null && rt >= 0 && pr.length == q.length
                ? score(pr, q, (int) rt) - score(pr, q, (int) argmaxScore(pr, q, rt)) : Double.NaN;
        return new TokenStep(s, rt, k.token(l, s), pick, results.get(l.logits(s)), results.get(l.probabilities(s)),
                both ? kl(pr, pc) : Double.NaN, margin, top(pr), top(pc));
    }

    /** The first step where the candidate's sampled token (or, with {@code picks}, its own pick) differs, or null. */
    private static TokenFlip flip(SamplerLayout l, List<TokenStep> steps, boolean picks, Side r, Side k,
                                  Map<EntryId, EntryResult> results) {
        ToLongFunction<TokenStep> cand = picks ? TokenStep::candPick : TokenStep::candToken;
        TokenStep f = steps.stream().filter(s -> differs(s, cand.applyAsLong(s), picks)).findFirst().orElse(null);
        if (f == null) {
            return null;
        }
        int later = 0;
        int equal = 0;
        for (TokenStep s : steps.subList(f.step() + 1, steps.size())) {
            if (s.refToken() >= 0 && cand.applyAsLong(s) >= 0) {
                later++;
                equal += s.refToken() == cand.applyAsLong(s) ? 1 : 0;
            }
        }
        double[] pr = r.values(l.probabilities(f.step()));
        double[] pc = k.values(l.probabilities(f.step()));
        double[] q = r.values(l.noise(f.step()));
        int a = (int) f.refToken();
        int b = (int) cand.applyAsLong(f);
        boolean pair = a >= 0 && b >= 0 && pr != null && q != null && b < pr.length && pr.length == q.length;
        double margin = pair ? score(pr, q, a) - score(pr, q, b) : Double.NaN;
        double shift = pair && pc != null && pc.length == pr.length
                ? (Math.log(pc[b]) - Math.log(pc[a])) - (Math.log(pr[b]) - Math.log(pr[a])) : Double.NaN;
        return new TokenFlip(f.step(), f.refToken(), b, margin, shift,
                cause(f, margin, picks ? null : results.get(l.noise(f.step()))), later, equal);
    }

    /** A sampled token differs also when one side lacks the step; an own pick only where both are known. */
    private static boolean differs(TokenStep s, long cand, boolean pick) {
        return cand != s.refToken() && (!pick || cand >= 0 && s.refToken() >= 0);
    }

    private static FlipCause cause(TokenStep f, double margin, EntryResult noise) {
        if (f.refToken() < 0 || f.candToken() < 0) {
            return FlipCause.STEP_MISSING;
        }
        if (noise != null && noise.status().isDivergence()) {
            return FlipCause.NOISE_DIFFERS;
        }
        if (margin <= NEAR_TIE_NATS) {
            return FlipCause.NEAR_TIE;
        }
        boolean logits = f.logits() != null && f.logits().status().isDivergence();
        boolean probs = f.probs() != null && f.probs().status().isDivergence();
        return logits || probs ? FlipCause.PROBABILITIES_DIFFER : FlipCause.SAMPLER_DIFFERS;
    }

    /** log(p_i / q_i); −∞ for p_i = 0 (never sampled). */
    private static double score(double[] p, double[] q, int i) {
        return p[i] > 0 ? Math.log(p[i]) - Math.log(q[i]) : Double.NEGATIVE_INFINITY;
    }

    /** The index of the largest p/q other than {@code except} (-1: none excluded). */
    private static long argmaxScore(double[] p, double[] q, long except) {
        int best = -1;
        double bs = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            double s = score(p, q, i);
            if (i != except && (best < 0 || s > bs)) {
                best = i;
                bs = s;
            }
        }
        return best;
    }

    private static double kl(double[] p, double[] q) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                sum += q[i] > 0 ? p[i] * (Math.log(p[i]) - Math.log(q[i])) : Double.POSITIVE_INFINITY;
            }
        }
        return Math.max(sum, 0);
    }

    private static List<TokenProb> top(double[] p) {
        if (p == null) {
            return List.of();
        }
        List<TokenProb> out = new ArrayList<>();
        boolean[] taken = new boolean[p.length];
        for (int n = 0; n < Math.min(TOP_K, p.length); n++) {
            int best = -1;
            for (int i = 0; i < p.length; i++) {
                if (!taken[i] && (best < 0 || p[i] > p[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            out.add(new TokenProb(best, p[best]));
        }
        return out;
    }

    /** One trace's sampler entries by (mapped) reference identity. */
    private record Side(Trace trace, Map<EntryId, TraceEntry> entries) {
        double[] values(EntryId id) {
            TraceEntry e = entries.get(id);
            return e == null ? null : trace.tensor(e).toDoubleArray();
        }

        long token(SamplerLayout l, int step) {
            double[] t = values(l.token(step));
            double[] v = t != null ? t : values(l.samplerOut(step));
            return v == null || v.length == 0 ? -1 : Math.round(v[0]);
        }
    }
}
