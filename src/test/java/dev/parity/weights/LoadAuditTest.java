package dev.parity.weights;

import dev.parity.report.WeightsDocuments;
import dev.parity.report.doc.TextRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.io.SafetensorsFile;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The load audit on parameters built from the shared checkpoint itself, as a pipeline would hold them. */
class LoadAuditTest {
    private static final String ALTERED = "flow.encoder.encoders.0.self_attn.linear_q.weight";
    private static final String UNUSED = "flow.encoder.encoders.1.self_attn.pos_bias_u";
    private static SafetensorsFile ckpt;
    private static List<String> wnModules;

    @BeforeAll
    static void load() {
        ckpt = Candidates.reference();
        wnModules = ckpt.names().stream().filter(k -> k.endsWith(WeightNorm.V))
                .map(k -> k.substring(0, k.length() - WeightNorm.V.length())).toList();
    }

    /** Plain tensors under their own names; weight-norm convs as one fused {@code <conv>.weight}. */
    private static Map<String, Tensor> pipelineParameters() {
        Map<String, Tensor> p = new LinkedHashMap<>();
        for (String k : ckpt.names()) {
            if (WeightNorm.moduleOf(k) == null) {
                p.put(k, ckpt.tensor(k));
            }
        }
        for (String m : wnModules) {
            p.put(m + ".weight", Candidates.fuseFloat(ckpt.tensor(m + WeightNorm.G), ckpt.tensor(m + WeightNorm.V)));
        }
        return p;
    }

    @Test
    void faithfulLoadIsOk() {
        LoadAuditResult r = LoadAudit.audit(ckpt, pipelineParameters(), Set.of(), Set.of());
        assertTrue(r.ok(), () -> TextRenderer.render(WeightsDocuments.audit(r)));
        int plain = ckpt.names().size() - 2 * wnModules.size();
        assertEquals(Map.of(AuditStatus.EQUAL, plain + wnModules.size()), r.counts());
        AuditEntry fused = r.entries().stream().filter(e -> e.parameter().equals("mel2wav.ups.0.weight"))
                .findFirst().orElseThrow();
        assertEquals(List.of("mel2wav.ups.0" + WeightNorm.G, "mel2wav.ups.0" + WeightNorm.V), fused.checkpointKeys());
        assertTrue(fused.relL2() < ValueDiff.MATCH_REL_L2);
    }

    @Test
    void detectsAlteredTensorAndUnusedKey() {
        Map<String, Tensor> p = pipelineParameters();
        float[] v = ckpt.tensor(ALTERED).toFloatArray();
        float before = v[17];
        v[17] += 0.5f;
        p.put(ALTERED, Tensor.ofFloats(ckpt.entry(ALTERED).shape(), v));
        p.remove(UNUSED);
        LoadAuditResult r = LoadAudit.audit(ckpt, p, Set.of(), Set.of());
        assertFalse(r.ok());
        assertEquals(2, r.problems().size(), () -> TextRenderer.render(WeightsDocuments.audit(r)));
        AuditEntry altered = r.withStatus(AuditStatus.DIFFERS).get(0);
        assertEquals(ALTERED, altered.parameter());
        assertEquals(Math.abs((double) v[17] - before), altered.maxAbs(), 0);
        assertTrue(altered.detail().contains("1 of " + ckpt.entry(ALTERED).shape().numel() + " values differ"));
        assertEquals(List.of(UNUSED), r.withStatus(AuditStatus.UNUSED).get(0).checkpointKeys());
        String table = TextRenderer.render(WeightsDocuments.audit(r));
        assertTrue(table.contains("DIFFERS") && table.contains(ALTERED) && table.contains(UNUSED), table);
    }

    @Test
    void listedAndReportedButNotHeldKeys() {
        Map<String, Tensor> p = pipelineParameters();
        p.remove(UNUSED);
        p.remove(ALTERED);
        LoadAuditResult r = LoadAudit.audit(ckpt, p, Set.of(ALTERED), Set.of(UNUSED));
        assertEquals(AuditStatus.LISTED_UNUSED, r.withStatus(AuditStatus.LISTED_UNUSED).get(0).status());
        assertEquals(List.of(ALTERED), r.withStatus(AuditStatus.MISSING_IN_PIPELINE).get(0).checkpointKeys());
        assertEquals(1, r.problems().size());
    }

    @Test
    void prefixMismatchLeavesDecoderAtInitialValuesUnlessRemapped() {
        Map<String, Tensor> p = Candidates.renamed(pipelineParameters(), Candidates::dropEstimator);
        long estimator = ckpt.names().stream().filter(k -> k.startsWith(Candidates.ESTIMATOR)).count();
        LoadAuditResult r = LoadAudit.audit(ckpt, p, Set.of(), Set.of());
        assertEquals(estimator, r.withStatus(AuditStatus.NOT_IN_CHECKPOINT).size());
        assertEquals(estimator, r.withStatus(AuditStatus.UNUSED).size());
        MappingRules remap = MappingRules.parse(Path.of("inline"), "rename ^flow\\.decoder\\. => flow.decoder.estimator.");
        assertTrue(LoadAudit.audit(ckpt, p, Set.of(), Set.of(), remap).ok());
    }

    @Test
    void parameterInMlxLayoutDiffers() {
        Map<String, Tensor> p = pipelineParameters();
        String conv = "flow.encoder.pre_lookahead_layer.conv1.weight";
        p.put(conv, ckpt.tensor(conv).permute(0, 2, 1));
        AuditEntry e = LoadAudit.audit(ckpt, p, Set.of(), Set.of()).withStatus(AuditStatus.DIFFERS).get(0);
        assertEquals(conv, e.parameter());
        assertTrue(e.detail().contains("MLX layout [out,k,in]"), e.detail());
    }
}
