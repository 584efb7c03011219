package dev.parity.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code parity weights}: the weight inspector (statistics of one checkpoint, diff of two). */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "Inspect checkpoints: statistics, diff against a reference, layouts, untrained tensors.",
        subcommands = {WeightsStatsCommand.class, WeightsDiffCommand.class, WeightsAuditCommand.class})
public final class WeightsCommand implements Runnable {
    /** Exit code: no differences. */
    static final int OK = 0;
    /** Exit code: the diff found differences. */
    static final int DIFFERENT = 1;
    /** Exit code: a file could not be read or is invalid. */
    static final int BAD_INPUT = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: stats, diff or audit");
    }
}
