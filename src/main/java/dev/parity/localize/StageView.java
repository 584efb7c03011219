package dev.parity.localize;

import dev.parity.compare.EntryResult;
import dev.parity.io.EntryKind;
import java.util.ArrayList;
import java.util.List;

/** Builds the per-stage rows (call 0 of each stage boundary module present in the results). */
final class StageView {
    private StageView() {
    }

    static List<StageRow> of(List<EntryResult> results, List<String> stages) {
        List<StageRow> out = new ArrayList<>();
        for (String s : stages) {
            List<EntryResult> rs = results.stream().filter(r -> r.name().equals(s) && r.reference().call() == 0)
                    .toList();
            if (!rs.isEmpty()) {
                out.add(new StageRow(s, max(rs, EntryKind.IN), max(rs, EntryKind.OUT), any(rs, EntryKind.IN),
                        any(rs, EntryKind.OUT)));
            }
        }
        return out;
    }

    private static double max(List<EntryResult> rs, EntryKind k) {
        return rs.stream().filter(r -> r.reference().kind() == k && r.metrics() != null)
                .mapToDouble(r -> r.metrics().relL2()).max().orElse(Double.NaN);
    }

    private static boolean any(List<EntryResult> rs, EntryKind k) {
        return rs.stream().anyMatch(r -> r.reference().kind() == k && r.status().isDivergence());
    }
}
