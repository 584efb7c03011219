package dev.parity.cli;

import dev.parity.io.FormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code parity} command. */
@Command(name = "parity", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Find where a neural-network port departs from its PyTorch reference.", "",
            "Exit codes: 0 ok / all within tolerance, 1 divergence found, 2 usage error, 3 unreadable or "
                + "invalid input."},
        subcommands = {CommandLine.HelpCommand.class, CompareCommand.class,
            WeightsCommand.class, RunCommand.class, DemoCommand.class, DiagnoseCommand.class, ReplayCommand.class,
            GuiCommand.class, DoctorCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int DIVERGED = 1;
    public static final int USAGE = 2;
    public static final int BAD_INPUT = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> handle(ex, cmd));
        return cl.execute(args);
    }

    private static int handle(Exception ex, CommandLine cmd) {
        String msg = oneLine(ex);
        cmd.getErr().println("parity " + cmd.getCommandName() + ": " + msg);
        cmd.getErr().flush();
        if (ex instanceof FormatException || ex instanceof IOException || ex instanceof UncheckedIOException
                || ex instanceof IllegalArgumentException || ex instanceof BadInputException) {
            return BAD_INPUT;
        }
        ex.printStackTrace(cmd.getErr());
        return BAD_INPUT;
    }

    private static String oneLine(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof java.nio.file.NoSuchFileException) {
            m = m + ": no such file";
        }
        return m.lines().findFirst().orElse(m);
    }

    /** {@code parity --version}: from the build ({@link dev.parity.io.BuildInfo}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"parity " + dev.parity.io.BuildInfo.VERSION + " (" + dev.parity.io.BuildInfo.FRAMEWORK
                + ")"};
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
