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
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
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
}
