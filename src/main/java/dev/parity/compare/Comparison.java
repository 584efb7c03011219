package dev.parity.compare;

import dev.parity.io.TraceEntry;
import java.nio.file.Path;
import java.util.List;

/**
 * The result of comparing a candidate trace with a reference trace.
 *
 * @param results one per reference entry, in reference execution order (missing ones included)
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

    public boolean allPassed() {
        return failed() == 0;
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
