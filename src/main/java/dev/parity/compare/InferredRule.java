package dev.parity.compare;

/**
 * One rule {@link NameMapInference} inferred from names that did not align.
 *
 * @param rule the rule as it goes into a mapping file
 * @param kind what it rewrites
 * @param from the candidate's spelling (a head of components, one component, {@code ctx.N}, or a whole name)
 * @param to the reference's spelling of the same
 * @param matches names it rewrote that then matched their reference name
 */
public record InferredRule(MappingRule rule, Kind kind, String from, String to, int matches) {
    /** What a rule rewrites. */
    public enum Kind {
        /** The leading components: {@code vocoder.} → {@code mel2wav.}. */
        PREFIX,
        /** One component wherever it stands: {@code downBlocks} → {@code down_blocks}. */
        COMPONENT,
        /** A list index after a named component: {@code block.1} → {@code block.2}. */
        INDEX,
        /** One whole name that no general rule explained. */
        NAME
    }

    /** {@code rename prefix decoder. -> flow.decoder.estimator. would match 166 keys}; {@code noun} is "keys". */
    public String describe(String noun) {
        String what = switch (kind) {
            case PREFIX -> "rename prefix " + show(from.isEmpty() ? "" : from + ".") + " -> "
                    + show(to.isEmpty() ? "" : to + ".");
            case COMPONENT -> "rename component " + from + " -> " + to;
            case INDEX -> "rename index " + from + " -> " + to;
            case NAME -> "rename name " + from + " -> " + to;
        };
        return what + " would match " + matches + " " + noun;
    }

    private static String show(String p) {
        return p.isEmpty() ? "''" : p;
    }
}
