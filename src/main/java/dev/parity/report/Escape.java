package dev.parity.report;

/**
 * Escapes names that come from a trace (entry names, args, keys) before they are printed or written: a name is
 * data, and must not move the cursor, recolour a terminal, break a Markdown table or open an HTML tag.
 */
public final class Escape {
    private Escape() {
    }

    /**
     * For a terminal or a log line: control characters, line and paragraph separators and bidirectional
     * overrides become visible escapes ({@code \n}, {@code \x1b}, {@code \u202e}); a backslash is doubled.
     */
    public static String terminal(String s) {
        return terminal(s, true);
    }

    /**
     * For prose in a terminal that may hold a name, a regex or a rule to copy: as {@link #terminal(String)}, but a
     * backslash stays single ({@code rename ^vocoder\. => mel2wav.} prints as typed).
     */
    public static String controls(String s) {
        return terminal(s, false);
    }

    private static String terminal(String s, boolean doubleBackslash) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append(doubleBackslash ? "\\\\" : "\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else if (c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e')
                            || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /**
     * A Markdown code span holding {@code s} literally, safe inside a table cell: escaped as for a terminal,
     * {@code |} escaped, fenced with more backticks than the longest run inside.
     */
    public static String markdownCode(String s) {
        if (s == null) {
            return "";
        }
        String t = terminal(s).replace("|", "\\|");
        int run = 0;
        int longest = 0;
        for (int i = 0; i < t.length(); i++) {
            run = t.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        boolean pad = t.startsWith("`") || t.endsWith("`") || t.isEmpty();
        return fence + (pad ? " " : "") + t + (pad ? " " : "") + fence;
    }

    /**
     * Markdown text outside a code span: escaped as for a terminal, then what could inject markup: HTML
     * ({@code < > &}), links ({@code [ ]}), table cells ({@code |}) and backslashes. Emphasis characters
     * ({@code * _}) and backticks are left alone: they cannot inject anything (a code span shows its text
     * literally), names are full of underscores, and the writers quote names in backticks.
     */
    public static String markdown(String s) {
        if (s == null) {
            return "";
        }
        String t = terminal(s);
        StringBuilder b = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                default -> {
                    if ("\\[]|".indexOf(c) >= 0) {
                        b.append('\\');
                    }
                    b.append(c);
                }
            }
        }
        return b.toString();
    }

    /**
     * For XML and HTML text and attribute values: {@code & < > " '} as entities, a newline and a tab as character
     * references, any other control character as a space (XML 1.0 cannot hold them). Null reads as empty.
     */
    public static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\n' -> sb.append("&#10;");
                case '\t' -> sb.append("&#9;");
                default -> sb.append(ch < 0x20 || ch == 0x7f ? ' ' : ch);
            }
        }
        return sb.toString();
    }
}
