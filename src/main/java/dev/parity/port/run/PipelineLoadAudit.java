package dev.parity.port.run;

import dev.parity.io.Safetensors;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.weights.LoadAudit;
import dev.parity.weights.LoadAuditResult;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads the whole Java pipeline (flow + HiFT) from a reference dump and audits the load: every parameter it holds
 * must equal the checkpoint tensor it came from, and every checkpoint key must be used or deliberately unused
 * ({@code tokenizer.*} and {@code speaker_encoder.*}, which S3Gen's token-to-wav path never touches).
 */
public final class PipelineLoadAudit {
    /** Prefixes of checkpoint keys the token-to-wav path does not use by design. */
    public static final Set<String> UNUSED_BY_DESIGN = Set.of("tokenizer.", "speaker_encoder.");

    private PipelineLoadAudit() {
    }

    public static LoadAuditResult of(Path refDump) {
        ReferenceDump dump = ReferenceDump.open(refDump);
        try (S3GenPipeline p = S3GenPipeline.load(dump.flowConfig(), dump.weights(), HiFTGenerator::create,
                dump.modelJson())) {
            Set<String> listed = p.unusedKeys().stream()
                    .filter(k -> UNUSED_BY_DESIGN.stream().anyMatch(k::startsWith)).collect(Collectors.toSet());
            return LoadAudit.audit(Safetensors.open(dump.weights()), p.loadedParameters(), p.usedKeys(), listed);
        }
    }
}
