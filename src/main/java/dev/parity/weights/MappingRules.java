package dev.parity.weights;

import dev.parity.io.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An ordered list of name rules that turn a candidate's (or a pipeline's) tensor names into reference names,
 * plus optional layer-type overrides. Parsed from a text file, one rule per line:
 *
 * <pre>
 * # comment: a whole line, or after whitespace at the end of a rule; blank lines are ignored
 * rename REGEX =&gt; REPLACEMENT   Java regex, Matcher.replaceAll semantics, $1 for groups
 * strip-prefix P               removes P from names starting with it
 * add-prefix P                 puts P in front of every name
 * layer-type REGEX =&gt; TYPE     keys whose module path contains a REGEX match are of TYPE
 *                              (Conv1d, ConvTranspose1d, Linear, LayerNorm, Embedding, other)
 * </pre>
 *
 * Name rules apply in file order, each to the result of the previous one. {@code layer-type} is an extension of
 * the trace-name format of {@code dev.parity.compare}; the first matching override wins over the inferred type.
 */
public record MappingRules(List<MappingRule> rules, Map<Pattern, LayerType> layerTypes) {
    private static final String ARROW = "=>";
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s#");

    public MappingRules {
        rules = List.copyOf(rules);
        layerTypes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(layerTypes));
    }

    /** No rules: names map to themselves. */
    public static MappingRules none() {
        return new MappingRules(List.of(), Map.of());
    }

    /** Applies every name rule in order. */
    public String apply(String name) {
        String n = name;
        for (MappingRule r : rules) {
            n = r.apply(n);
        }
        return n;
    }

    /** These rules followed by {@code more}. */
    public MappingRules then(List<? extends MappingRule> more) {
        List<MappingRule> all = new ArrayList<>(rules);
        all.addAll(more);
        return new MappingRules(all, layerTypes);
    }

    /**
     * Reads a mapping file.
     *
     * @throws FormatException naming the file, the line and what was expected
     */
    public static MappingRules read(Path file) {
        try {
            return parse(file, Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new FormatException(file, "file not found");
        } catch (IOException e) {
            throw new FormatException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses mapping-file text; {@code source} names it in errors. */
    public static MappingRules parse(Path source, String text) {
        List<MappingRule> rules = new ArrayList<>();
        Map<Pattern, LayerType> types = new java.util.LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = withoutComment(lines[i]);
            if (line.isEmpty()) {
                continue;
            }
            parseLine(source, i + 1, line, rules, types);
        }
        return new MappingRules(rules, types);
    }

    /** The line without a {@code #} comment: a whole-line one, or one after whitespace ({@code rule  # note}). */
    private static String withoutComment(String raw) {
        String line = raw.strip();
        if (line.startsWith("#")) {
            return "";
        }
        java.util.regex.Matcher m = TRAILING_COMMENT.matcher(line);
        return m.find() ? line.substring(0, m.start()).strip() : line;
    }

    private static void parseLine(Path source, int lineNo, String line, List<MappingRule> rules,
                                  Map<Pattern, LayerType> types) {
        String[] words = line.split("\\s+", 2);
        String verb = words[0];
        String arg = words.length < 2 ? "" : words[1].strip();
        String where = "line " + lineNo + ": ";
        if (arg.isEmpty()) {
            throw new FormatException(source, where + "'" + verb + "' needs an argument");
        }
        switch (verb) {
            case "rename" -> {
                String[] parts = splitArrow(source, where, arg);
                rules.add(new MappingRule.Rename(compile(source, where, parts[0]), parts[1]));
            }
            case "strip-prefix" -> rules.add(new MappingRule.StripPrefix(arg));
            case "add-prefix" -> rules.add(new MappingRule.AddPrefix(arg));
            case "layer-type" -> {
                String[] parts = splitArrow(source, where, arg);
                types.put(compile(source, where, parts[0]), layerType(source, where, parts[1]));
            }
            default -> throw new FormatException(source, where + "expected rename, strip-prefix, add-prefix or "
                    + "layer-type but found '" + verb + "'");
        }
    }

    private static String[] splitArrow(Path source, String where, String arg) {
        int a = arg.indexOf(ARROW);
        if (a < 0) {
            throw new FormatException(source, where + "expected 'REGEX => REPLACEMENT' but found '" + arg + "'");
        }
        return new String[] {arg.substring(0, a).strip(), arg.substring(a + ARROW.length()).strip()};
    }

    private static Pattern compile(Path source, String where, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new FormatException(source, where + "bad regex '" + regex + "': " + e.getDescription());
        }
    }

    private static LayerType layerType(Path source, String where, String name) {
        try {
            return LayerType.parse(name);
        } catch (IllegalArgumentException e) {
            throw new FormatException(source, where + e.getMessage());
        }
    }
}
