package dev.parity.port.run;

import dev.parity.report.WeightsDocuments;
import dev.parity.report.doc.TextRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.Safetensors;
import dev.parity.weights.AuditStatus;
import dev.parity.weights.LoadAuditResult;
import org.junit.jupiter.api.Test;

/** The load audit of the whole Java pipeline on the shared dump's checkpoint. */
class PipelineLoadAuditTest {
    @Test
    void everyParameterTheJavaPipelineHoldsEqualsItsCheckpointTensor() {
        LoadAuditResult r = PipelineLoadAudit.of(SharedData.smallDump());
        var ckpt = Safetensors.open(SharedData.smallDump().resolve("weights.safetensors"));
        long weightNormed = ckpt.names().stream().filter(k -> k.endsWith(".parametrizations.weight.original0")).count();
        assertTrue(r.ok(), TextRenderer.render(WeightsDocuments.audit(r)));
        assertTrue(weightNormed > 50, "HiFT's weight-normed convs: " + weightNormed);
        assertEquals(ckpt.names().size() + weightNormed, (long) r.counts().get(AuditStatus.EQUAL),
                "every key, and every fused weight g·v/‖v‖ the convs use");
    }
}
