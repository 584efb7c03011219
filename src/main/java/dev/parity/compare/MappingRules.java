package dev.parity.compare;

import dev.parity.io.FormatException;
import dev.parity.io.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Rewrites a port's names (module paths, checkpoint keys) into the reference's. One rule per line, applied in order
 * to every candidate name, each to the result of the previous one:
 * <pre>
 * # a comment: a whole line, or after whitespace at the end of a rule; blank lines are ignored
 * strip-prefix decoder.                      drops a leading "decoder."
 * add-prefix flow.decoder.estimator.         puts P in front of every name
 * rename ^downBlocks\.(\d+)\.resnet$ =&gt; down_blocks.$1.0    Java regex, Matcher.replaceAll, $1 for groups
 * </pre>
 * A file may hold further verbs that an {@link Extension} understands (the weight inspector adds
 * {@code layer-type}); any other verb is an error naming the file and the line.
 */
public final class MappingRules {
    /** Handles verbs beyond the three name rules; returns false for a verb it does not know. */
    public interface Extension {
        /** The verbs it handles, named in the error for an unknown verb. */
        List<String> verbs();

        /**
         * @param where "line N: ", to start error messages with
         * @throws FormatException naming {@code source} when the line is malformed
         */
        boolean accept(Path source, String where, String verb, String arg);
    }

    /** No rules: names are taken as they are. */
    public static final MappingRules NONE = new MappingRules(List.of());
    private static final String ARROW = "=>";
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s#");
    private static final Extension NO_EXTENSION = new Extension() {
        @Override
        public List<String> verbs() {
            return List.of();
        }

        @Override
        public boolean accept(Path source, String where, String verb, String arg) {
            return false;
        }
    };

    private final List<MappingRule> rules;

    public MappingRules(List<? extends MappingRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<MappingRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Applies every rule in order. */
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
        return new MappingRules(all);
    }

    /** Reads a rules file with the three name rules only. */
    public static MappingRules read(Path file) {
        return read(file, NO_EXTENSION);
    }

    /**
     * Reads a rules file, passing verbs other than the name rules to {@code extension}.
     *
     * @throws FormatException naming the file, and the line and what was expected
     */
    public static MappingRules read(Path file, Extension extension) {
        String kind = InputFiles.kindOf(file);
        if (kind != null && Files.exists(file)) {
            throw new FormatException(file, kind + ", not a mapping rules file");
        }
        try {
            return parse(file, Files.readString(file), extension);
        } catch (NoSuchFileException e) {
            throw new FormatException(file, "mapping file not found");
        } catch (IOException e) {
            throw new FormatException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses rules text with the three name rules only; {@code source} names it in errors. */
    public static MappingRules parse(Path source, String text) {
        return parse(source, text, NO_EXTENSION);
    }

    /** Parses rules text; {@code source} names it in errors. */
    public static MappingRules parse(Path source, String text, Extension extension) {
        List<MappingRule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = withoutComment(lines[i]);
            if (!line.isEmpty()) {
                parseLine(source, "line " + (i + 1) + ": ", line, rules, extension);
            }
        }
        return new MappingRules(rules);
    }

    private static String withoutComment(String raw) {
        String line = raw.strip();
        if (line.startsWith("#")) {
            return "";
        }
        Matcher m = TRAILING_COMMENT.matcher(line);
        return m.find() ? line.substring(0, m.start()).strip() : line;
    }

    private static void parseLine(Path source, String where, String line, List<MappingRule> rules,
                                  Extension extension) {
        String[] words = line.split("\\s+", 2);
        String verb = words[0];
        String arg = words.length < 2 ? "" : words[1].strip();
        if (arg.isEmpty()) {
            throw new FormatException(source, where + "'" + verb + "' needs an argument");
        }
        switch (verb) {
            case "rename" -> {
                String[] parts = splitArrow(source, where, arg);
                rules.add(new MappingRule.Rename(regex(source, where, parts[0]), parts[1]));
            }
            case "strip-prefix" -> rules.add(new MappingRule.StripPrefix(arg));
            case "add-prefix" -> rules.add(new MappingRule.AddPrefix(arg));
            default -> {
                if (!extension.accept(source, where, verb, arg)) {
                    throw new FormatException(source, where + "expected " + verbs(extension) + " but found '"
                            + verb + "'");
                }
            }
        }
    }

    private static String verbs(Extension extension) {
        List<String> all = new ArrayList<>(List.of("rename", "strip-prefix", "add-prefix"));
        all.addAll(extension.verbs());
        return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }

    /** Splits {@code REGEX => VALUE}. */
    public static String[] splitArrow(Path source, String where, String arg) {
        int a = arg.indexOf(ARROW);
        if (a < 0) {
            throw new FormatException(source, where + "expected 'REGEX => REPLACEMENT' but found '" + arg + "'");
        }
        return new String[] {arg.substring(0, a).strip(), arg.substring(a + ARROW.length()).strip()};
    }

    /** Compiles a rule's regex, reporting a bad one with the file and line. */
    public static Pattern regex(Path source, String where, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new FormatException(source, where + "bad regex '" + regex + "': " + e.getDescription());
        }
    }
}
