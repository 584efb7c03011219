package dev.parity.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link NameMapInference} found: the rules, in the order they must run, and the name pairing they rest on.
 *
 * @param rules inferred rules, to run after the user's rules
 * @param pairs candidate name (after the user's rules) → the reference name it was paired with
 * @param explained candidate names (paired or already aligned) that the rules map to their reference name
 * @param names candidate names with a known reference name (paired or already aligned)
 */
public record InferredMap(List<InferredRule> rules, Map<String, String> pairs, int explained, int names) {
    public InferredMap {
        rules = List.copyOf(rules);
        pairs = Map.copyOf(pairs);
    }

    /** The inferred rules as mapping rules. */
    public List<MappingRule> mappingRules() {
        return rules.stream().map(InferredRule::rule).toList();
    }

    /** A mapping file: {@code header} lines as comments, the user's rules, then the inferred ones. */
    public String fileText(List<String> header, MappingRules user) {
        List<String> lines = new ArrayList<>();
        header.forEach(h -> lines.add("# " + h));
        if (!user.isEmpty()) {
            lines.add("# your rules");
            user.rules().forEach(r -> lines.add(r.toLine()));
        }
        InferredRule.Kind last = null;
        for (InferredRule r : rules) {
            if (r.kind() != last) {
                lines.add("# " + section(r.kind()));
                last = r.kind();
            }
            lines.add(r.rule().toLine());
        }
        return String.join("\n", lines) + "\n";
    }

    private static String section(InferredRule.Kind k) {
        return switch (k) {
            case COMPONENT -> "components spelled differently (camelCase, renamed modules)";
            case INDEX -> "list indices that differ";
            case PREFIX -> "leading components (prefixes)";
            case NAME -> "single names no general rule explained";
        };
    }
}
