package dev.parity.compare;

import dev.parity.io.TraceEntry;
import java.nio.file.Path;
import java.util.List;

/**
 * The result of comparing a candidate trace with a reference trace.
 *
 * @param referenceEntries every entry of the reference trace (also those {@code --only} did not select)
 * @param results one per selected reference entry, in reference execution order (missing ones included)
 * @param firstDivergence the earliest result that failed or mismatched in shape, or null
 */
public record Comparison(Path reference, int referenceEntries, Path candidate, int candidateEntries,
                         CompareOptions options, List<EntryResult> results, List<TraceEntry> unmatchedCandidate,
                         List<Suggestion> suggestions, EntryResult firstDivergence, List<StepSummary> steps) {
    public Comparison {
        results = List.copyOf(results);
        unmatchedCandidate = List.copyOf(unmatchedCandidate);
        suggestions = List.copyOf(suggestions);
        steps = List.copyOf(steps);
    }

    public long count(EntryStatus s) {
        return results.stream().filter(r -> r.status() == s).count();
    }

    public long aligned() {
        return results.size() - count(EntryStatus.MISSING);
    }

    public long passed() {
        return count(EntryStatus.PASS);
    }

    /** Entries that diverged (failed or shape mismatch). */
    public long failed() {
        return count(EntryStatus.FAIL) + count(EntryStatus.SHAPE_MISMATCH);
    }

    public long missing() {
        return count(EntryStatus.MISSING);
    }

    /** Missing entries that count as failures: all of them unless {@link CompareOptions#allowMissing()}. */
    public long missingFailures() {
        return options.allowMissing() ? 0 : missing();
    }

    /** Divergences plus the missing entries that fail. */
    public long failedTotal() {
        return failed() + missingFailures();
    }

    /** True when no entry was compared at all (an empty selection, or nothing aligned): never a pass. */
    public boolean nothingCompared() {
        return aligned() == 0;
    }

    /** The verdict: something was compared, nothing diverged and no missing entry fails. */
    public boolean allPassed() {
        return failedTotal() == 0 && !nothingCompared();
    }

    /** Selected reference entries that have no candidate counterpart, in execution order. */
    public List<EntryResult> missingResults() {
        return results.stream().filter(r -> r.status() == EntryStatus.MISSING).toList();
    }

    /** Diverging results ordered from worst to least bad (by how far past their tolerance). */
    public List<EntryResult> worst(int n) {
        return results.stream().filter(r -> r.status().isDivergence())
                .sorted(java.util.Comparator.comparingDouble(Comparison::badness).reversed()).limit(n).toList();
    }

    static double badness(EntryResult r) {
        if (r.metrics() == null) {
            return Double.POSITIVE_INFINITY;
        }
        return r.metrics().severity(r.tolerance());
    }
}
