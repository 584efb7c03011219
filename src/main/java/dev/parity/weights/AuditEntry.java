package dev.parity.weights;

import java.util.List;

/**
 * One row of the load audit.
 *
 * @param parameter the pipeline's parameter name; empty for rows about a checkpoint key nothing holds
 * @param checkpointKeys the checkpoint key(s) the parameter comes from (two for a fused weight norm: g, v), or the
 *                       checkpoint key the row is about; empty for {@link AuditStatus#NOT_IN_CHECKPOINT}
 * @param maxAbs max |parameter − checkpoint| in the reference layout; NaN when not compared
 * @param relL2 ‖parameter − checkpoint‖ / ‖checkpoint‖; NaN when not compared
 * @param detail what was compared or why not
 */
public record AuditEntry(String parameter, List<String> checkpointKeys, AuditStatus status, double maxAbs,
                         double relL2, String detail) {
    public AuditEntry {
        checkpointKeys = List.copyOf(checkpointKeys);
    }
}
