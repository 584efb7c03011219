package dev.parity.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Rewrites a port's module names into the reference's. One rule per line, applied in order to every candidate
 * name; blank lines and {@code #} comments are ignored:
 * <pre>
 * strip-prefix decoder.                      # drop a leading "decoder."
 * add-prefix flow.decoder.estimator.         # prepend
 * rename ^downBlocks\.(\d+)\.resnet$ => down_blocks.$1.0    # Java regex, $1 refers to groups
 * </pre>
 * A {@code rename} replaces every match of its regex ({@link java.util.regex.Matcher#replaceAll}).
 */
public final class MappingRules {
    /** One rule; {@code apply} returns the rewritten name. */
    public sealed interface Rule {
        String apply(String name);
    }

    record StripPrefix(String prefix) implements Rule {
        public String apply(String name) {
            return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
        }
    }

    record AddPrefix(String prefix) implements Rule {
        public String apply(String name) {
            return prefix + name;
        }
    }

    record Rename(Pattern regex, String replacement) implements Rule {
        public String apply(String name) {
            return regex.matcher(name).replaceAll(replacement);
        }
    }

    /** No rules: names are taken as they are. */
    public static final MappingRules NONE = new MappingRules(List.of());

    private final List<Rule> rules;

    private MappingRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public String apply(String name) {
        String n = name;
        for (Rule r : rules) {
            n = r.apply(n);
        }
        return n;
    }

    /** Reads a rules file. */
    public static MappingRules read(Path file) throws IOException {
        return parse(Files.readAllLines(file), file.toString());
    }

    /**
     * Parses rule lines.
     *
     * @throws IllegalArgumentException naming {@code source}, the line number and the problem
     */
    public static MappingRules parse(List<String> lines, String source) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i)).trim();
            if (!line.isEmpty()) {
                rules.add(parseRule(line, source + ":" + (i + 1)));
            }
        }
        return new MappingRules(rules);
    }

    private static String stripComment(String line) {
        String t = line.trim();
        if (t.startsWith("#")) {
            return "";
        }
        int k = t.indexOf(" #");
        return k >= 0 ? t.substring(0, k) : t;
    }

    private static Rule parseRule(String line, String where) {
        String[] parts = line.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].trim() : "";
        if (arg.isEmpty()) {
            throw new IllegalArgumentException(where + ": rule '" + parts[0] + "' needs an argument");
        }
        return switch (parts[0]) {
            case "strip-prefix" -> new StripPrefix(arg);
            case "add-prefix" -> new AddPrefix(arg);
            case "rename" -> rename(arg, where);
            default -> throw new IllegalArgumentException(where + ": unknown rule '" + parts[0]
                    + "' (strip-prefix, add-prefix, rename REGEX => REPLACEMENT)");
        };
    }

    private static Rule rename(String arg, String where) {
        int k = arg.indexOf("=>");
        if (k < 0) {
            throw new IllegalArgumentException(where + ": rename needs 'REGEX => REPLACEMENT'");
        }
        try {
            return new Rename(Pattern.compile(arg.substring(0, k).trim()), arg.substring(k + 2).trim());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + ": bad regex: " + e.getDescription());
        }
    }
}
