package dev.parity.cli;

import dev.parity.port.nn.WeightLoadException;
import dev.parity.port.run.PipelineLoadAudit;
import dev.parity.report.Escape;
import dev.parity.report.WeightsDocuments;
import dev.parity.report.doc.TextRenderer;
import dev.parity.weights.LoadAuditResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity weights audit REF_DUMP}: the load audit of the Java pipeline on a dump's checkpoint. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Load the Java pipeline from REF_DUMP's weights.safetensors and check that every parameter it",
            "holds equals its checkpoint tensor and that every key is used or unused by design.",
            "Exit codes: 0 every parameter equal, 1 a problem found, 3 unreadable or invalid input."})
public final class WeightsAuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF_DUMP", description = "reference dump directory (config.json + weights)")
    Path dump;

    @Override
    public Integer call() {
        LoadAuditResult r;
        try {
            r = PipelineLoadAudit.of(dump);
        } catch (WeightLoadException e) {
            // the checkpoint does not fit the model: that is this command's finding, not a crash
            e.getMessage().lines().forEach(l -> spec.commandLine().getOut().println(Escape.terminal(l)));
            spec.commandLine().getOut().println("FAIL: the checkpoint does not load: " + e.missing().size()
                    + " missing, " + e.misShaped().size() + " mis-shaped key(s)");
            spec.commandLine().getOut().flush();
            return WeightsCommand.DIFFERENT;
        }
        spec.commandLine().getOut().print(TextRenderer.render(WeightsDocuments.audit(r)));
        spec.commandLine().getOut().flush();
        return r.ok() ? WeightsCommand.OK : WeightsCommand.DIFFERENT;
    }
}
