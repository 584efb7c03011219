package dev.parity.port.run;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.nn.ConvKernels;
import dev.parity.port.nn.OpCensus;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.Weights;
import dev.parity.port.s3gen.CausalMaskedDiffWithXvec;
import dev.parity.port.s3gen.FlowConfig;
import java.nio.file.Path;

/**
 * The op specs of the S3Gen pipeline (flow + HiFT) at a given size, read off the model built with placeholder
 * weights (no checkpoint, no memory): what {@code parity doctor} and the backend tests check.
 */
public final class PortCensus {
    private PortCensus() {
    }

    /** The specs of the model a reference dump's {@code config.json} describes. */
    public static OpCensus of(Path referenceDump) {
        ReferenceDump dump = ReferenceDump.open(referenceDump);
        return of(dump.flowConfig(), dump.modelJson());
    }

    /** The specs of the full-size model (upstream's hyper-parameters). */
    public static OpCensus fullSize() {
        return of(FlowConfig.fullSize(), MissingNode.getInstance());
    }

    /**
     * The quick backend check before a run: builds the dump's model with placeholder weights, which decides (and
     * where suspect, measures) the route of every conv spec, and returns the specs routed around a faulty kernel.
     */
    public static java.util.List<ConvKernels.Decision> quickCheck(Path referenceDump) {
        if (isS3GenDump(referenceDump)) {
            of(referenceDump);
        } // other models (T3 has no convolutions; conditioning): their specs are decided as they are built
        return ConvKernels.workarounds();
    }

    /** True when the dump's {@code config.json} describes S3Gen ({@code model.flow}). */
    static boolean isS3GenDump(Path dir) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("config.json").toFile())
                    .path("model").has("flow");
        } catch (java.io.IOException | RuntimeException e) {
            return false; // the run itself reports an unreadable dump
        }
    }

    private static OpCensus of(FlowConfig flow, JsonNode model) {
        try (NDManager m = Torch.newManager(); OpCensus census = OpCensus.open()) {
            Weights w = Weights.placeholders(m);
            new CausalMaskedDiffWithXvec("flow", w, flow);
            HiFTGenerator.create(w, model == null ? MissingNode.getInstance() : model);
            return census;
        }
    }
}
