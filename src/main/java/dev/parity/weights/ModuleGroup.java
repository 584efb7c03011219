package dev.parity.weights;

/**
 * Totals of the tensors under one module prefix (the first {@code depth} dot-separated components of their keys).
 *
 * @param untrainedLooking tensors the {@link InitializerCheck} flags
 */
public record ModuleGroup(String prefix, int tensors, long elements, long bytes, long nanCount, long infCount,
                          int untrainedLooking) {
}
