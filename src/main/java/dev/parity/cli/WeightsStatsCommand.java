package dev.parity.cli;

import dev.parity.io.FormatException;
import dev.parity.io.InputSet;
import dev.parity.io.Safetensors;
import dev.parity.weights.CheckpointStats;
import dev.parity.weights.MappingRules;
import dev.parity.weights.WeightStatistics;
import dev.parity.report.WeightsDocuments;
import dev.parity.report.doc.Document;
import dev.parity.report.doc.Documents;
import dev.parity.report.doc.TextRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity weights stats CKPT}: per-tensor statistics grouped by module prefix. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Per-tensor statistics (shape, dtype, moments, extremes, zeros, NaN/Inf, magnitude histogram) "
                + "grouped by module prefix, and tensors that look like an untrained initializer.")
public final class WeightsStatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CKPT", description = "safetensors checkpoint")
    Path checkpoint;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the statistics as JSON")
    Path json;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "" + WeightStatistics.DEFAULT_DEPTH,
            description = "key components that form a module group (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--map", paramLabel = "FILE", description = "mapping file (its layer-type lines are used)")
    Path map;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Outputs.check(spec, new InputSet().add(checkpoint, "the checkpoint").add(map == null ? checkpoint : map,
                    "the --map file"), "--json", java.util.Collections.singletonList(json));
            MappingRules rules = map == null ? MappingRules.none() : MappingRules.read(map);
            CheckpointStats s = WeightStatistics.compute(Safetensors.open(checkpoint), rules, Math.max(1, depth));
            Document doc = WeightsDocuments.stats(s);
            out.print(TextRenderer.render(doc));
            out.flush();
            if (json != null) {
                Documents.write(doc, Documents.Format.JSON, json);
            }
            return WeightsCommand.OK;
        } catch (FormatException e) {
            return fail(e.getMessage());
        } catch (IOException e) {
            return fail(json + ": cannot write: " + e.getMessage());
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println(message);
        spec.commandLine().getErr().flush();
        return WeightsCommand.BAD_INPUT;
    }
}
