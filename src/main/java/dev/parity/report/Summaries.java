package dev.parity.report;

import dev.parity.compare.Comparison;
import dev.parity.compare.EntryResult;
import dev.parity.compare.Metrics;

/** One-line descriptions shared by the CLI, the text writers and the HTML page. */
public final class Summaries {
    private Summaries() {
    }

    /** "1352 aligned (0 missing in candidate, 0 unmatched candidate entries): 1352 passed, 0 failed". */
    public static String counts(Comparison c) {
        return c.aligned() + " of " + c.referenceEntries() + " reference entries aligned (" + c.missing()
                + " missing in candidate, " + c.unmatchedCandidate().size() + " unmatched candidate entries): "
                + c.passed() + " passed, " + c.failed() + " failed";
    }

    /** "First divergence: NAME call N KIND [ARG] — ..." or "No divergence: ...". */
    public static String headline(Comparison c) {
        EntryResult f = c.firstDivergence();
        if (f == null) {
            return "No divergence: every aligned entry is within tolerance.";
        }
        return "First divergence: " + f.reference().id() + " (entry " + f.reference().index() + ") - " + describe(f);
    }

    /** The figures of one result: "rel L2 1.2e-03, max abs 4.5e-04 (tolerance ...)" plus any finding. */
    public static String describe(EntryResult r) {
        Metrics m = r.metrics();
        StringBuilder sb = new StringBuilder(r.status().label());
        if (m != null) {
            sb.append(": rel L2 ").append(Format.num(m.relL2())).append(", max abs ").append(Format.num(m.maxAbs()))
                    .append(", within tolerance ").append(Format.pct(m.fracWithinTol()));
            if (m.nanCand() + m.infCand() > 0) {
                sb.append(", candidate NaN/Inf ").append(m.nanCand() + m.infCand());
            }
        }
        sb.append(" (").append(r.tolerance()).append(')');
        if (r.finding() != null) {
            sb.append("; ").append(r.finding());
        }
        return sb.toString();
    }
}
