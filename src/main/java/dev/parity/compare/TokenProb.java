package dev.parity.compare;

/** One candidate token of a sampling step and its probability. */
public record TokenProb(int token, double p) {
}
