package dev.parity.cli;

import dev.parity.io.FormatException;
import dev.parity.io.MappedFiles;
import dev.parity.port.nn.WeightLoadException;
import dev.parity.report.Escape;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code parity} command line; {@code dev.parity.app.Parity} starts it with the desktop app wired in. */
@Command(name = "parity", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Find where a neural-network port departs from its PyTorch reference.", "",
            "Exit codes: 0 ok / all within tolerance, 1 divergence found (or reference entries missing in the "
                + "candidate), 2 usage error, 3 unreadable or invalid input or an output that cannot be written, "
                + "4 internal error (a bug: the stack trace is printed with --debug; the ./parity launcher also "
                + "exits 4 when the build fails)."},
        subcommands = {CommandLine.HelpCommand.class, CompareCommand.class,
            WeightsCommand.class, RunCommand.class, DemoCommand.class, DiagnoseCommand.class, ReplayCommand.class,
            GuiCommand.class, DoctorCommand.class, ResampleCommand.class, TextCommand.class, SynthCommand.class})
public final class Main implements Runnable {
    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "print the stack trace of an internal error, or of a refusal (exit 3)")
    boolean debug;

    /** Runs the CLI without the desktop app ({@link GuiLauncher#NONE}) and returns its exit code. */
    public static int run(String... args) {
        return run(GuiLauncher.NONE, args);
    }

    /** Runs the CLI, {@code parity gui} opening {@code gui}, and returns its exit code. */
    public static int run(GuiLauncher gui, String... args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new Main(), factory(gui, debug));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> handle(ex, cmd, debug(parsed)));
        cl.setParameterExceptionHandler(Main::usage);
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            return internal(e, cl, "out of memory (raise the heap with PARITY_JAVA_OPTS=-Xmx8g)", debug);
        } catch (RuntimeException | Error e) {
            return changedInput(e, command(cl)).orElseGet(() -> internal(e, cl, e.toString(), debug));
        }
    }

    /** The subcommand that was running ({@code parity weights stats}), or {@code cl} when none was parsed. */
    private static CommandLine command(CommandLine cl) {
        CommandLine.ParseResult p = cl.getParseResult();
        while (p != null && p.subcommand() != null) {
            p = p.subcommand();
        }
        return p == null ? cl : p.commandSpec().commandLine();
    }

    /** Picocli's factory, but {@code parity gui} gets the launcher and whether {@code --debug} was given. */
    private static CommandLine.IFactory factory(GuiLauncher gui, boolean debug) {
        CommandLine.IFactory standard = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == GuiCommand.class ? cls.cast(new GuiCommand(gui, debug)) : standard.create(cls);
            }
        };
    }

    /** Whether --debug was given at any level of the command line. */
    private static boolean debug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** A usage error: one line naming the problem and where the help is, exit 2. */
    private static int usage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(name + ": " + Escape.terminal(firstLine(String.valueOf(ex.getMessage())))
                + " (see '" + name + " --help')");
        cmd.getErr().flush();
        return ExitCodes.USAGE;
    }

    /**
     * Expected failures (bad input, unwritable output) are one line and exit 3; anything else is internal. With
     * {@code --debug} a refusal's stack trace follows its line too, in case it is a bug in disguise (an
     * IllegalArgumentException from a wrong call rather than from the input).
     */
    static int handle(Exception ex, CommandLine cmd, boolean debug) {
        if (ex instanceof FormatException || ex instanceof IOException || ex instanceof UncheckedIOException
                || ex instanceof IllegalArgumentException || ex instanceof BadInputException
                || ex instanceof WeightLoadException) {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + Escape.terminal(oneLine(ex)));
            if (debug) {
                ex.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return ExitCodes.BAD_INPUT;
        }
        return changedInput(ex, cmd).orElseGet(() -> internal(ex, cmd, ex.toString(), debug));
    }

    /**
     * A read that faulted because another program truncated or rewrote a mapped input meanwhile
     * ({@link MappedFiles}): bad input, one line naming the file, exit 3; empty for anything else.
     */
    static java.util.Optional<Integer> changedInput(Throwable ex, CommandLine cmd) {
        return MappedFiles.changed(ex).map(line -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + Escape.terminal(line));
            cmd.getErr().flush();
            return ExitCodes.BAD_INPUT;
        });
    }

    private static int internal(Throwable ex, CommandLine cmd, String what, boolean debug) {
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": internal error: " + Escape.terminal(firstLine(what))
                + (debug ? "" : " (run again with --debug for the stack trace)"));
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }

    private static String oneLine(Throwable ex) {
        if (ex instanceof WeightLoadException w) {
            return weightLine(w);
        }
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof java.nio.file.NoSuchFileException) {
            m = m + ": no such file";
        } else if (t instanceof java.nio.file.AccessDeniedException a && a.getReason() == null) {
            m = m + ": permission denied";
        } else if (t instanceof java.nio.file.AccessDeniedException a) {
            m = a.getFile() + ": " + a.getReason();
        }
        return firstLine(m);
    }

    /** "checkpoint X does not fit the model: 1 missing, 0 mis-shaped key(s); missing: KEY [shape]; ...". */
    static String weightLine(WeightLoadException w) {
        StringBuilder b = new StringBuilder(firstLine(w.getMessage()));
        list(b, "missing", w.missing());
        list(b, "mis-shaped", w.misShaped());
        if (w.suggestion() != null) {
            b.append("; suggestion: ").append(w.suggestion());
        }
        return b.toString();
    }

    private static void list(StringBuilder b, String title, java.util.List<String> keys) {
        if (!keys.isEmpty()) {
            b.append("; ").append(title).append(": ").append(String.join(", ", keys.subList(0, Math.min(3,
                    keys.size())))).append(keys.size() > 3 ? " and " + (keys.size() - 3) + " more" : "");
        }
    }

    private static String firstLine(String m) {
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
