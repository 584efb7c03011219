package dev.parity.io;

import java.nio.file.Path;

/**
 * A file that cannot be read as what it claims to be. The message always has the form
 * {@code <file>: <problem>} and fits on one line: control characters in either part become spaces.
 */
public class FormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Messages longer than this are cut, so a fuzzed or huge header cannot flood a log line. */
    static final int MAX_LENGTH = 2000;
    private final transient Path file;
    private final String problem;

    public FormatException(Path file, String problem) {
        this(file, problem, null);
    }

    public FormatException(Path file, String problem, Throwable cause) {
        super(oneLine(file + ": " + problem), cause);
        this.file = file;
        this.problem = oneLine(problem);
    }

    /** Control characters (line breaks from a fuzzed header, say) become spaces; very long text is cut. */
    private static String oneLine(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_LENGTH + 3));
        for (int i = 0; i < s.length() && b.length() < MAX_LENGTH; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return s.length() > MAX_LENGTH ? b.append("...").toString() : b.toString();
    }

    public Path file() {
        return file;
    }

    public String problem() {
        return problem;
    }
}
