package dev.parity.localize;

/** What an error between a reference and a candidate tensor looks like (see {@link ErrorShape#of}). */
public enum ErrorKind {
    /** The shapes differ. */
    SHAPE,
    /** NaN or infinity where the reference has a finite value (or the reverse). */
    NON_FINITE,
    /** {@code cand ≈ α·ref}: a gain error. */
    GAIN,
    /** {@code cand ≈ −ref}. */
    SIGN,
    /** {@code cand ≈ ref + β}. */
    OFFSET,
    /** {@code cand ≈ α·ref + β}. */
    AFFINE,
    /** Small, unstructured difference (relative L2 below 1e-2 and no gain/offset): reduced precision, eps. */
    SMALL,
    /** Anything else: a wrong computation (layout, weights, formula). */
    STRUCTURAL
}
