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
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: stats, diff or audit");
    }
}
