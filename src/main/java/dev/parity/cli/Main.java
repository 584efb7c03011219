package dev.parity.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code parity} command. */
@Command(name = "parity", mixinStandardHelpOptions = true, version = "parity 0.1.0",
        description = "Find where a neural-network port departs from its PyTorch reference.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (0 ok, 1 divergence, 2 usage, 3 bad input). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
