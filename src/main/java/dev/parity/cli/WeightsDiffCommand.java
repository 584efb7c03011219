package dev.parity.cli;

import dev.parity.io.FormatException;
import dev.parity.io.InputSet;
import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.weights.CheckpointDiff;
import dev.parity.weights.DiffResult;
import dev.parity.weights.MappingRules;
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

/** {@code parity weights diff REF CAND}: key sets, prefix suggestions, shapes, values and layouts. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare a candidate checkpoint with the reference: missing/unexpected keys, suggested prefix "
                + "rules, shape/dtype/value differences, storage layouts (MLX, transposed, fused weight norm). "
                + "Exit 0: no differences, 1: differences, 2: usage, 3: unreadable input or nothing in common.")
public final class WeightsDiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF_CKPT", description = "reference safetensors checkpoint")
    Path reference;

    @Parameters(index = "1", paramLabel = "CAND_CKPT", description = "candidate safetensors checkpoint")
    Path candidate;

    @Option(names = "--map", paramLabel = "FILE",
            description = "rules turning candidate names into reference names: rename REGEX => REPLACEMENT, "
                    + "strip-prefix P, add-prefix P, layer-type REGEX => TYPE, # comments")
    Path map;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the diff as JSON")
    Path json;

    @Override
    public Integer call() {
        try {
            Outputs.check(spec, new InputSet().add(reference, "the reference checkpoint").add(candidate,
                    "the candidate checkpoint").add(map == null ? reference : map, "the --map file"), "--json",
                    java.util.Collections.singletonList(json));
            MappingRules rules = map == null ? MappingRules.none() : MappingRules.read(map);
            SafetensorsFile ref = Safetensors.open(reference);
            SafetensorsFile cand = Safetensors.open(candidate);
            DiffResult d = CheckpointDiff.diff(ref, cand, rules);
            if (d.nothingInCommon()) {
                return fail(candidate + ": no tensor in common with " + reference + " (" + d.candKeys() + " vs "
                        + d.refKeys() + " keys), not even after an inferred prefix rule");
            }
            PrintWriter out = spec.commandLine().getOut();
            Document doc = WeightsDocuments.diff(d);
            out.print(TextRenderer.render(doc));
            out.flush();
            if (json != null) {
                Documents.write(doc, Documents.Format.JSON, json);
            }
            return d.hasDifferences() ? WeightsCommand.DIFFERENT : WeightsCommand.OK;
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
