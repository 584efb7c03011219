package dev.parity.compare;

import java.util.regex.Pattern;

/** One name-rewriting rule of a mapping file; see {@link MappingRules} for the file format. */
public sealed interface MappingRule {
    /** The rewritten name; names a rule does not concern come back unchanged. */
    String apply(String name);

    /** The rule as a line of a mapping file. */
    String toLine();

    /** {@code rename REGEX => REPLACEMENT}: {@link java.util.regex.Matcher#replaceAll} with {@code $1} groups. */
    record Rename(Pattern regex, String replacement) implements MappingRule {
        @Override
        public String apply(String name) {
            return regex.matcher(name).replaceAll(replacement);
        }

        @Override
        public String toLine() {
            return "rename " + regex.pattern() + " => " + replacement;
        }
    }

    /** {@code strip-prefix P}: removes {@code P} from names that start with it. */
    record StripPrefix(String prefix) implements MappingRule {
        @Override
        public String apply(String name) {
            return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
        }

        @Override
        public String toLine() {
            return "strip-prefix " + prefix;
        }
    }

    /** {@code add-prefix P}: puts {@code P} in front of every name. */
    record AddPrefix(String prefix) implements MappingRule {
        @Override
        public String apply(String name) {
            return prefix + name;
        }

        @Override
        public String toLine() {
            return "add-prefix " + prefix;
        }
    }

    /** The rule that replaces the leading {@code from} of a name by {@code to} (what the diff suggests). */
    static Rename replacePrefix(String from, String to) {
        String replacement = to.replace("\\", "\\\\").replace("$", "\\$");
        StringBuilder regex = new StringBuilder("^");
        for (char c : from.toCharArray()) {
            regex.append(".[]{}()\\*+?^$|".indexOf(c) >= 0 ? "\\" : "").append(c);
        }
        return new Rename(Pattern.compile(regex.toString()), replacement);
    }
}
