package dev.parity.localize;

/** The part a module call with a diverging output plays. */
public enum Verdict {
    /** Its recorded inputs match the reference, its output does not, and no call inside it is to blame. */
    ORIGIN,
    /** Its recorded inputs match, its output does not, but the error is born in a call inside it. */
    CONTAINS_ORIGIN,
    /** One of its recorded inputs already differed: it passes on an error born earlier. */
    INHERITED
}
