package dev.parity.compare;

/**
 * Errors of one ODE step: the entries recorded under call {@code step} of the estimator.
 *
 * @param worst name and call of the entry with the largest relative L2 error, or null
 */
public record StepSummary(int step, int entries, int failed, double maxRelL2, String worst) {
}
