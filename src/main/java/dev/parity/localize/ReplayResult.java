package dev.parity.localize;

import dev.parity.compare.Metrics;
import dev.parity.compare.Tolerance;

/**
 * One module call of the Java pipeline run alone on the reference's recorded inputs, against the reference's
 * recorded output: the module's own, local error.
 *
 * @param metrics null unless the output could be compared
 * @param floorRatio relative L2 over the noise floor of the output entry (NaN without floor)
 * @param note why it was not replayed or failed to run, or null
 */
public record ReplayResult(String module, int call, Status status, Metrics metrics, Tolerance tolerance,
                           double floorRatio, String note) {
    /** Outcome of one replay. */
    public enum Status {
        /** Within tolerance of the recorded output. */
        PASS,
        /** Outside tolerance (or another shape). */
        FAIL,
        /** Not every argument was recorded, or the module takes non-tensor arguments. */
        NOT_REPLAYABLE,
        /** The module threw. */
        ERROR
    }
}
