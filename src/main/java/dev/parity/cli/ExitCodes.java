package dev.parity.cli;

/**
 * The exit codes of every command, as the README's "The command line" documents them; the one place they are
 * declared. Commands return {@link #OK} or {@link #DIVERGED}; {@link Main} turns a usage error into {@link #USAGE},
 * bad input or an unwritable output into {@link #BAD_INPUT} and anything else into {@link #INTERNAL}.
 */
public final class ExitCodes {
    /** All within tolerance, or nothing wrong found. */
    public static final int OK = 0;
    /** A divergence or difference was found, reference entries are missing, or nothing was compared. */
    public static final int DIVERGED = 1;
    /** A bad option value, pattern or extension, or an output that is one of the inputs; found before any work. */
    public static final int USAGE = 2;
    /** Unreadable or invalid input, or an output that cannot be written. */
    public static final int BAD_INPUT = 3;
    /** A bug in parity (one line; the stack trace with --debug). The launcher also exits 4 when the build fails. */
    public static final int INTERNAL = 4;

    private ExitCodes() {
    }
}
