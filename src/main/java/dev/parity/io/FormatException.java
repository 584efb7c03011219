package dev.parity.io;

import java.nio.file.Path;

/**
 * A file that cannot be read as what it claims to be. The message always has the form
 * {@code <file>: <problem>} and fits on one line.
 */
public class FormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final String problem;

    public FormatException(Path file, String problem) {
        this(file, problem, null);
    }

    public FormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    public String problem() {
        return problem;
    }
}
