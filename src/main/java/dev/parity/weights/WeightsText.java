package dev.parity.weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plain-text tables of the weight inspector's results, for a terminal. */
public final class WeightsText {
    private static final String SPARK = " .:-=+*#%@";

    private WeightsText() {
    }

    /** The statistics table, one block per module group, then the initializer flags. */
    public static String stats(CheckpointStats s) {
        StringBuilder b = new StringBuilder();
        b.append(f("%s: %d tensors, %d elements%n", s.file(), s.tensors().size(), s.elements()));
        int w = s.tensors().stream().mapToInt(t -> t.key().length()).max().orElse(3);
        for (ModuleGroup g : s.groups()) {
            b.append(f("%n== %s: %d tensors, %d elements, %d bytes%s%n", g.prefix(), g.tensors(), g.elements(),
                    g.bytes(), g.untrainedLooking() > 0 ? ", " + g.untrainedLooking() + " look untrained" : ""));
            b.append(f("%-" + w + "s  %-15s %-8s %-16s %11s %10s %11s %11s %10s %6s %5s %5s  %s%n", "key", "type",
                    "dtype", "shape", "mean", "std", "min", "max", "mean|x|", "zero%", "nan", "inf",
                    "log2|x| histogram"));
            for (TensorStats t : s.tensors()) {
                if (WeightStatistics.prefix(t.key(), s.groupDepth()).equals(g.prefix())) {
                    b.append(statsRow(t, w));
                }
            }
        }
        return b.append(initFlags(s.untrainedLooking())).toString();
    }

    private static String statsRow(TensorStats t, int w) {
        return f("%-" + w + "s  %-15s %-8s %-16s %11.4g %10.4g %11.4g %11.4g %10.4g %6.2f %5d %5d  %s%n", t.key(),
                t.layerType(), t.dtype(), t.shape(), t.mean(), t.std(), t.min(), t.max(), t.meanAbs(),
                100 * t.zeroFraction(), t.nanCount(), t.infCount(), spark(t.histogram()));
    }

    /** The occupied bins as a one-line bar chart: {@code [-9,-2) .:=#%@*}. */
    public static String spark(MagnitudeHistogram h) {
        int lo = -1;
        int hi = -1;
        long max = 0;
        for (int i = 0; i < h.counts().size(); i++) {
            long c = h.counts().get(i);
            if (c > 0) {
                lo = lo < 0 ? i : lo;
                hi = i;
                max = Math.max(max, c);
            }
        }
        if (lo < 0) {
            return "-";
        }
        StringBuilder b = new StringBuilder(f("[%d,%d) ", h.minExponent() + lo, h.minExponent() + hi + 1));
        for (int i = lo; i <= hi; i++) {
            long c = h.counts().get(i);
            int level = c == 0 ? 0 : 1 + (int) ((SPARK.length() - 2) * c / max);
            b.append(SPARK.charAt(Math.min(level, SPARK.length() - 1)));
        }
        return b.toString();
    }

    private static String initFlags(List<InitVerdict> flagged) {
        StringBuilder b = new StringBuilder(f("%nlooks like an untrained initializer: %d tensors%n", flagged.size()));
        flagged.forEach(v -> b.append(f("  %-12s %s: %s%n", v.kind(), v.key(), v.reason())));
        return b.toString();
    }

    /** The diff report: key sets, suggestions, per-key findings that are differences, per-type summaries. */
    public static String diff(DiffResult d) {
        StringBuilder b = new StringBuilder();
        b.append(f("reference %s: %d keys%ncandidate %s: %d keys%n", d.refFile(), d.refKeys(), d.candFile(),
                d.candKeys()));
        d.mapRules().forEach(r -> b.append("map rule: ").append(r).append('\n'));
        long suggested = d.findings().stream().filter(k -> k.matchedBy() == MatchKind.SUGGESTED).count();
        b.append(f("matched %d (%d by a suggested rule), missing in candidate %d, unexpected in candidate %d%n",
                d.findings().size(), suggested, d.missing().size(), d.unexpected().size()));
        for (dev.parity.compare.InferredRule s : d.suggestions()) {
            b.append(f("suggestion: %s   (map file: %s)%n", s.describe("keys"), s.rule().toLine()));
        }
        d.missing().forEach(k -> b.append("missing:    ").append(k).append('\n'));
        d.unexpected().forEach(k -> b.append("unexpected: ").append(k).append('\n'));
        b.append(findings(d.differences()));
        b.append("\nlayouts of matched weights:\n");
        d.summaries().forEach(s -> b.append("  ").append(s.describe()).append('\n'));
        b.append(d.hasDifferences() ? "checkpoints differ\n" : "no differences\n");
        return b.toString();
    }

    private static String findings(List<KeyFinding> diffs) {
        List<KeyFinding> renamedOnly = diffs.stream().filter(WeightsText::onlyRenamed).toList();
        StringBuilder b = new StringBuilder(f("%ndifferences: %d keys%n", diffs.size()));
        if (!renamedOnly.isEmpty()) {
            b.append(f("  %d keys identical once renamed by the suggested rule(s)%n", renamedOnly.size()));
        }
        for (KeyFinding k : diffs) {
            if (!onlyRenamed(k)) {
                String names = k.candKey().equals(k.refKey()) ? k.refKey() : k.refKey() + " <- " + k.candKey();
                b.append(f("  %-15s %s: %s%n", k.layerType(), names, k.describe()));
            }
        }
        return b.toString();
    }

    private static boolean onlyRenamed(KeyFinding k) {
        return k.matchedBy() == MatchKind.SUGGESTED && k.status() == FindingStatus.IDENTICAL && !k.dtypeDiffers();
    }

    /** The load-audit table, problems first, then totals per status. */
    public static String audit(LoadAuditResult r) {
        List<AuditEntry> rows = new ArrayList<>(r.problems());
        r.entries().stream().filter(e -> e.status().ok()).forEach(rows::add);
        int w = rows.stream().mapToInt(e -> e.parameter().length()).max().orElse(9);
        StringBuilder b = new StringBuilder(f("load audit of %s%n", r.checkpoint()));
        b.append(f("%-19s %-" + Math.max(9, w) + "s %-10s %s%n", "status", "parameter", "max abs",
                "checkpoint key(s): detail"));
        for (AuditEntry e : rows) {
            b.append(f("%-19s %-" + Math.max(9, w) + "s %-10s %s: %s%n", e.status(), e.parameter(),
                    Double.isNaN(e.maxAbs()) ? "-" : f("%.3g", e.maxAbs()), String.join(" + ", e.checkpointKeys()),
                    e.detail()));
        }
        for (Map.Entry<AuditStatus, Integer> c : r.counts().entrySet()) {
            b.append(f("%s: %d%n", c.getKey(), c.getValue()));
        }
        return b.toString();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
