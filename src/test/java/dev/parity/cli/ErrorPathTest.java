package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.io.FormatException;
import dev.parity.io.MappedFilesTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The one error path: expected failures are one line with exit 3; anything else is internal (exit 4). */
class ErrorPathTest {
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new FormatException(Path.of("m.json"), "bad"), false, ExitCodes.BAD_INPUT, "m.json: bad"),
                Arguments.of(new java.io.IOException("disk full"), false, ExitCodes.BAD_INPUT, "disk full"),
                Arguments.of(new IllegalArgumentException("bad size"), true, ExitCodes.BAD_INPUT, "bad size"),
                Arguments.of(new NullPointerException("oops"), false, ExitCodes.INTERNAL,
                        "internal error: java.lang.NullPointerException: oops (run again with --debug"),
                Arguments.of(new IllegalStateException("state"), true, ExitCodes.INTERNAL,
                        "internal error: java.lang.IllegalStateException: state"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void oneLineAndTheDocumentedCode(Exception ex, boolean debug, int code, String message) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setErr(new PrintWriter(err));
        assertEquals(code, Main.handle(ex, cl.getSubcommands().get("compare"), debug));
        String text = err.toString();
        assertTrue(text.contains(message), text);
        boolean trace = text.contains("\tat ");
        assertEquals(debug, trace, "stack trace only with --debug: " + text);
        if (!debug) {
            assertEquals(1, text.lines().count(), text);
        }
    }

    @org.junit.jupiter.api.Test
    void debugIsAcceptedByEverySubcommand() {
        assertEquals(ExitCodes.USAGE, Main.run("compare", "--debug"), "parsed, then REF is missing: a usage error");
        assertFalse(Main.run("compare", "--debug", "--help") != 0);
    }

    /**
     * A read that faulted because another program truncated a mapped input (the JVM's InternalError, also wrapped
     * in another exception as the side-by-side workers rethrow it) is bad input: one line naming the file, exit 3.
     */
    @org.junit.jupiter.api.Test
    void anInputTruncatedWhileItWasReadIsNamedNotAnInternalError(@TempDir Path dir) throws java.io.IOException {
        Throwable fault = MappedFilesTest.faultReadingTruncated(dir);
        for (Throwable t : new Throwable[] {fault, new RuntimeException("a half failed", fault)}) {
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new Main());
            cl.setErr(new PrintWriter(err));
            int code = t instanceof Exception e ? Main.handle(e, cl.getSubcommands().get("weights"), false)
                    : Main.changedInput(t, cl).orElseThrow();
            assertEquals(ExitCodes.BAD_INPUT, code, err.toString());
            String text = err.toString();
            assertEquals(1, text.lines().count(), text);
            assertTrue(text.contains(dir.resolve("weights.safetensors").toAbsolutePath().normalize()
                    + " changed while it was being read (now 0 bytes"), text);
            assertFalse(text.contains("internal error"), text);
        }
    }
}
