package dev.parity.compare;

import java.util.List;

/**
 * One sampling step compared token by token.
 *
 * @param refToken the reference's sampled token, -1 when the reference has no such step
 * @param candToken the candidate's sampled token, -1 when the candidate has no such step
 * @param candPick argmax(p_cand / q_ref): the token the candidate's own probabilities give under the reference's
 *                 noise (differs from {@code candToken} under teacher forcing or a different sampler), -1 when the
 *                 candidate recorded no probabilities
 * @param logits the comparison of the step's logits, null when either side did not record them
 * @param probs the comparison of the step's probabilities, null when either side did not record them
 * @param kl KL(p_ref ‖ p_cand) in nats over the reference's support; +∞ when the candidate gives probability 0 to a
 *           token the reference could sample, NaN when either side has no probabilities
 * @param margin how close the reference was to flipping: log(p/q) of its token minus the best other token's, under
 *               the reference's p and q (nats; NaN without q)
 * @param refTop the reference's most probable tokens, best first
 * @param candTop the candidate's most probable tokens, best first
 */
public record TokenStep(int step, long refToken, long candToken, long candPick, EntryResult logits,
                        EntryResult probs, double kl, double margin, List<TokenProb> refTop, List<TokenProb> candTop) {
    public TokenStep {
        refTop = List.copyOf(refTop);
        candTop = List.copyOf(candTop);
    }

    public boolean tokensEqual() {
        return refToken == candToken;
    }

    /** The relative L2 error of the logits, NaN when not compared. */
    public double logitsRelL2() {
        return logits == null || logits.metrics() == null ? Double.NaN : logits.metrics().relL2();
    }

    /** The largest absolute error of the logits, NaN when not compared. */
    public double logitsMaxAbs() {
        return logits == null || logits.metrics() == null ? Double.NaN : logits.metrics().maxAbs();
    }
}
