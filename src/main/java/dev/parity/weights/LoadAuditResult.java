package dev.parity.weights;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The load audit: one row per pipeline parameter, then one per checkpoint key that no parameter comes from. */
public record LoadAuditResult(String checkpoint, List<AuditEntry> entries) {
    public LoadAuditResult {
        entries = List.copyOf(entries);
    }

    /** True when every parameter equals its source and every checkpoint key is held or listed. */
    public boolean ok() {
        return entries.stream().allMatch(e -> e.status().ok());
    }

    /** The rows that need attention. */
    public List<AuditEntry> problems() {
        return entries.stream().filter(e -> !e.status().ok()).toList();
    }

    /** Rows per status. */
    public Map<AuditStatus, Integer> counts() {
        Map<AuditStatus, Integer> m = new EnumMap<>(AuditStatus.class);
        entries.forEach(e -> m.merge(e.status(), 1, Integer::sum));
        return m;
    }

    /** The rows with {@code status}. */
    public List<AuditEntry> withStatus(AuditStatus status) {
        return entries.stream().filter(e -> e.status() == status).toList();
    }

}
