package dev.parity.weights;

import dev.parity.compare.MappingRule;

/**
 * A rule inferred from the unmatched key sets: candidate names starting with {@code from} become reference names
 * by replacing that prefix with {@code to}; {@code matches} unmatched keys would then match.
 */
public record PrefixSuggestion(String from, String to, int matches) {

    /** The rule as a {@link MappingRule} (strip-prefix, add-prefix or an anchored rename). */
    public MappingRule rule() {
        if (from.isEmpty()) {
            return new MappingRule.AddPrefix(to);
        }
        return to.isEmpty() ? new MappingRule.StripPrefix(from) : MappingRule.replacePrefix(from, to);
    }

    /** {@code rename prefix flow.decoder. -> flow.decoder.estimator. would match 166 keys}. */
    public String describe() {
        return "rename prefix " + show(from) + " -> " + show(to) + " would match " + matches + " keys";
    }

    private static String show(String p) {
        return p.isEmpty() ? "''" : p;
    }
}
