package dev.parity.weights;

import java.util.List;

/**
 * Everything {@link CheckpointDiff} found between a reference and a candidate checkpoint.
 *
 * @param mapRules the user's mapping rules as file lines
 * @param missing reference keys no candidate key matched (after rules, suggestions and weight-norm pairing)
 * @param unexpected candidate keys (as stored) that matched no reference key, including keys whose name after the
 *                   mapping rules collided with an earlier candidate key's
 * @param suggestions rules inferred from the unmatched keys ({@link dev.parity.compare.NameMapInference}); their matches are in {@code findings}
 * @param findings every matched key, in reference order
 * @param summaries per layer type, the layouts of the matched weights
 */
public record DiffResult(String refFile, String candFile, List<String> mapRules, int refKeys, int candKeys,
                         List<String> missing, List<String> unexpected, List<dev.parity.compare.InferredRule> suggestions,
                         List<KeyFinding> findings, List<TypeSummary> summaries) {
    public DiffResult {
        mapRules = List.copyOf(mapRules);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        suggestions = List.copyOf(suggestions);
        findings = List.copyOf(findings);
        summaries = List.copyOf(summaries);
    }

    /** The findings that are differences ({@link KeyFinding#isDifference()}). */
    public List<KeyFinding> differences() {
        return findings.stream().filter(KeyFinding::isDifference).toList();
    }

    /** True when anything differs: keys, names, shapes, layouts, dtypes or values. */
    public boolean hasDifferences() {
        return !missing.isEmpty() || !unexpected.isEmpty() || !differences().isEmpty();
    }

    /** True when not a single key could be paired. */
    public boolean nothingInCommon() {
        return findings.isEmpty();
    }

    /** The finding for reference key {@code refKey}. */
    public KeyFinding finding(String refKey) {
        return findings.stream().filter(f -> f.refKey().equals(refKey)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no finding for '" + refKey + "'"));
    }

    /** The summary of {@code type}. */
    public TypeSummary summary(LayerType type) {
        return summaries.stream().filter(s -> s.type() == type).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + type + " weights matched"));
    }
}
