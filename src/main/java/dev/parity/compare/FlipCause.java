package dev.parity.compare;

/** Why the first sampled token differs (see {@link TokenParity}). */
public enum FlipCause {
    /** One side has no such step: its run ended earlier (a stop condition or a smaller step limit). */
    STEP_MISSING,
    /** The candidate recorded other noise q than the reference: the draws were not injected. */
    NOISE_DIFFERS,
    /**
     * Under the reference's own p and q the two tokens' scores log(p/q) are within {@link TokenParity#NEAR_TIE_NATS}:
     * rounding-level differences in the probabilities can flip it.
     */
    NEAR_TIE,
    /** The step's logits or probabilities already differ beyond tolerance: an error upstream of the sampler. */
    PROBABILITIES_DIFFER,
    /** Probabilities and noise agree, yet the token is not argmax(p/q): the sampling rule (or a forced token) differs. */
    SAMPLER_DIFFERS;

    public boolean isNearTie() {
        return this == NEAR_TIE;
    }
}
