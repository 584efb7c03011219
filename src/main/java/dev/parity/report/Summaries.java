package dev.parity.report;

import dev.parity.compare.Comparison;
import dev.parity.compare.EntryResult;
import dev.parity.compare.EntryStatus;
import dev.parity.compare.Metrics;

/**
 * One-line descriptions shared by the CLI, the text writers and the HTML page. They hold raw entry names: each
 * writer escapes them for its medium ({@link Escape}).
 */
public final class Summaries {
    private Summaries() {
    }

    /** "1352 of 1352 reference entries aligned (0 missing in candidate, 0 unmatched candidate entries): ...". */
    public static String counts(Comparison c) {
        String selected = c.results().size() == c.referenceEntries() ? c.referenceEntries() + " reference entries"
                : c.results().size() + " selected (of " + c.referenceEntries() + ") reference entries";
        return c.aligned() + " of " + selected + " aligned (" + c.missing() + " missing in candidate"
                + (c.missing() > 0 ? c.options().allowMissing() ? ", allowed" : ", each a failure" : "") + ", "
                + c.unmatchedCandidate().size() + " unmatched candidate entries): " + tally(c);
    }

    /** "136 passed, 1216 failed (0 diverged, 1216 missing)"; just "1352 passed, 0 failed" when none is missing. */
    public static String tally(Comparison c) {
        String s = c.passed() + " passed, " + c.failedTotal() + " failed";
        if (c.missing() == 0) {
            return s;
        }
        return s + " (" + c.failed() + " diverged, " + c.missing() + " missing"
                + (c.options().allowMissing() ? " and allowed" : "") + ")";
    }

    /** "First divergence: NAME call N KIND [ARG] — ...", "No divergence: ..." or why nothing passed. */
    public static String headline(Comparison c) {
        EntryResult f = c.firstDivergence();
        if (f != null) {
            return "First divergence: " + f.reference().id() + " (entry " + f.reference().index() + ") - "
                    + describe(f);
        }
        if (c.nothingCompared()) {
            return "Nothing compared: none of the " + c.results().size() + " selected reference entries has a "
                    + "candidate counterpart. This is a failure, not a pass.";
        }
        if (c.missingFailures() > 0) {
            EntryResult m = c.missingResults().get(0);
            return "No divergence among the " + c.aligned() + " aligned entries, but " + c.missing()
                    + " reference entries are missing in the candidate (first: " + m.reference().id() + ", entry "
                    + m.reference().index() + "); each is a failure (--allow-missing or --only to compare part "
                    + "of a model).";
        }
        return "No divergence: every aligned entry is within tolerance.";
    }

    /** The figures of one result: "rel L2 1.2e-03, max abs 4.5e-04 (tolerance ...)" plus any finding. */
    public static String describe(EntryResult r) {
        if (r.status() == EntryStatus.MISSING) {
            return "missing: the candidate has no entry " + r.reference().id();
        }
        Metrics m = r.metrics();
        StringBuilder sb = new StringBuilder(r.status().label());
        if (m != null) {
            sb.append(": rel L2 ").append(Numbers.num(m.relL2())).append(", max abs ").append(Numbers.num(m.maxAbs()))
                    .append(", within tolerance ").append(Numbers.pct(m.fracWithinTol()));
            sb.append(nonFinite(m));
        }
        sb.append(" (").append(r.tolerance()).append(')');
        if (r.finding() != null) {
            sb.append("; ").append(r.finding());
        }
        return sb.toString();
    }

    /**
     * "; NaN/Inf: reference 0 NaN 0 Inf, candidate 1 NaN 0 Inf, 1 position(s) disagree (fails under every
     * statistic; the figures above cover the finite positions only)", or "" when both sides are finite.
     */
    public static String nonFinite(Metrics m) {
        if (m.nanRef() + m.infRef() + m.nanCand() + m.infCand() == 0) {
            return "";
        }
        String s = "; NaN/Inf: reference " + m.nanRef() + " NaN " + m.infRef() + " Inf, candidate " + m.nanCand()
                + " NaN " + m.infCand() + " Inf";
        return m.mismatchedNonFinite() == 0 ? s + ", all at the same positions"
                : s + ", " + m.mismatchedNonFinite() + " position(s) disagree (fails under every statistic; the "
                + "figures above cover the finite positions only)";
    }
}
