package dev.parity.localize;

/**
 * One Java run with a stage boundary fed from the reference.
 *
 * @param boundary what was fed, e.g. "encoder output" ("none" for the plain run)
 * @param fedModule the module whose output was replaced by the reference's (null for none)
 * @param melRelL2 relative L2 of {@code final.mel} against the reference (NaN when absent)
 * @param wavRelL2 relative L2 of {@code final.wav} against the reference (NaN when absent)
 * @param culprit where that run's diagnosis says the problem starts, or null for no divergence
 */
public record StageSwapRow(String boundary, String fedModule, double melRelL2, double wavRelL2, String culprit) {
}
