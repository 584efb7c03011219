package dev.parity.ui;

import dev.parity.io.MappedFiles;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * What the workbench does with an exception that escapes an event handler or a layout pass on the JavaFX thread
 * (JavaFX hands it to the thread's uncaught-exception handler, which by default prints a stack trace on the console
 * and leaves the window as if nothing happened). Here it becomes one line in the window's error line and on stderr:
 * "FILE changed while it was being read ..." when a mapped input was truncated by another program ({@link
 * MappedFiles}), else "internal error: ...". The stack trace follows on stderr only with {@code -Dparity.debug=true}
 * ({@code parity --debug gui} sets it).
 */
public final class FxFailures {
    private FxFailures() {
    }

    /** Makes the calling thread (the JavaFX thread) report its uncaught exceptions to {@code session}. */
    public static void install(SessionViewModel session) {
        Thread.currentThread().setUncaughtExceptionHandler(handler(session::reportError, System.err));
    }

    /**
     * The handler: {@code show} gets the line, {@code err} the line (and with debug the stack trace) — once while
     * the same failure repeats, as one raised in every layout pass would.
     */
    static Thread.UncaughtExceptionHandler handler(Consumer<String> show, PrintStream err) {
        String[] last = {null};
        return (thread, e) -> {
            String line = line(e);
            if (!line.equals(last[0])) {
                last[0] = line;
                err.println("parity gui: " + line);
                if (Boolean.getBoolean("parity.debug")) {
                    e.printStackTrace(err);
                }
                err.flush();
            }
            show.accept(line);
        };
    }

    /** The one line for {@code e}. */
    static String line(Throwable e) {
        return MappedFiles.changed(e).orElseGet(() -> "internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + Background.describe(e))
                + (Boolean.getBoolean("parity.debug") ? "" : " (run 'parity --debug gui' for the stack trace)"));
    }
}
