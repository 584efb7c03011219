package dev.parity.port.text;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code punc_norm} of upstream tts.py: the cleanup {@code ChatterboxTTS.generate} applies to the text before
 * tokenizing. Python semantics kept: {@code str.islower}/{@code upper} on the first character (so "ß" becomes "SS"),
 * {@code str.split()} on Unicode whitespace (no-break spaces included), the replacements in upstream's order.
 */
public final class PuncNorm {
    /** What generate says for an empty text. */
    public static final String EMPTY_TEXT = "You need to add some text for me to talk.";

    /** Upstream's replacements, applied one after another in this order. */
    private static final List<Map.Entry<String, String>> REPLACEMENTS = List.of(Map.entry("...", ", "),
            Map.entry("…", ", "), Map.entry(":", ","), Map.entry(" - ", ", "), Map.entry(";", ", "),
            Map.entry("—", "-"), Map.entry("–", "-"), Map.entry(" ,", ","), Map.entry("“", "\""),
            Map.entry("”", "\""), Map.entry("‘", "'"), Map.entry("’", "'"));
    private static final Set<String> SENTENCE_ENDERS = Set.of(".", "!", "?", "-", ",");

    private PuncNorm() {
    }

    public static String apply(String text) {
        if (text.isEmpty()) {
            return EMPTY_TEXT;
        }
        String t = capitalizeFirst(text);
        t = String.join(" ", splitWhitespace(t));
        for (Map.Entry<String, String> r : REPLACEMENTS) {
            t = t.replace(r.getKey(), r.getValue());
        }
        t = stripTrailingSpaces(t);
        String last = t;
        if (SENTENCE_ENDERS.stream().noneMatch(last::endsWith)) {
            t += ".";
        }
        return t;
    }

    /** {@code text[0].upper() + text[1:]} when {@code text[0].islower()}. */
    private static String capitalizeFirst(String text) {
        int cp = text.codePointAt(0);
        if (!Character.isLowerCase(cp)) {
            return text;
        }
        int n = Character.charCount(cp);
        return text.substring(0, n).toUpperCase(java.util.Locale.ROOT) + text.substring(n);
    }

    /** Python's {@code str.split()}: runs of whitespace separate, leading and trailing whitespace vanish. */
    static List<String> splitWhitespace(String s) {
        List<String> out = new java.util.ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isPythonSpace(cp)) {
                if (start >= 0) {
                    out.add(s.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            out.add(s.substring(start));
        }
        return out;
    }

    /** Python's {@code str.isspace()} for one code point (bidirectional WS/B/S or category Zs). */
    static boolean isPythonSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    /** {@code rstrip(" ")}: only the ASCII space. */
    private static String stripTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }
}
