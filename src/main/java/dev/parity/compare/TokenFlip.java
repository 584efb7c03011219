package dev.parity.compare;

/**
 * The first step whose sampled token differs.
 *
 * @param margin the reference's preference for its own token over the candidate's: log(p_a/q_a) − log(p_b/q_b)
 *               under the reference's p and q (a = reference token, b = candidate token; nats, ≥ 0; +∞ when the
 *               reference gives b probability 0; NaN without q)
 * @param shift how far the candidate's probabilities moved the pair towards b:
 *              (log p_cand[b] − log p_cand[a]) − (log p_ref[b] − log p_ref[a]); the candidate's own draw flips when
 *              {@code shift > margin}; NaN without candidate probabilities
 * @param later steps after the flip that both sides sampled
 * @param laterEqual of those, how many still sampled the same token
 */
public record TokenFlip(int step, long refToken, long candToken, double margin, double shift, FlipCause cause,
                        int later, int laterEqual) {
}
