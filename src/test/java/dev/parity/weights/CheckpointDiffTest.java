package dev.parity.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.io.SafetensorsFile;
import dev.parity.tensor.DType;
import dev.parity.tensor.HalfFloats;
import dev.parity.tensor.Tensor;
import dev.parity.compare.InferredRule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointDiffTest {
    private static final String MLX = "MLX layout [out,k,in]";
    private static SafetensorsFile ref;
    private static List<String> convs;
    private static List<String> convT;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        ref = Candidates.reference();
        convs = Candidates.conv1dWeights(ref);
        convT = Candidates.convTransposeWeights(ref);
    }

    @Test
    void identicalCopyHasNoDifferences() throws IOException {
        DiffResult d = diff(Candidates.copy(ref));
        assertFalse(d.hasDifferences());
        assertEquals(ref.names().size(), d.findings().size());
        assertTrue(d.findings().stream().allMatch(f -> f.status() == FindingStatus.IDENTICAL));
    }

    @Test
    void conv1dInMlxLayoutExceptOne() throws IOException {
        Map<String, Tensor> m = Candidates.copy(ref);
        String keep = convs.get(convs.size() / 2);
        Candidates.conv1dToMlx(m, convs, keep);
        DiffResult d = diff(m);
        for (String k : convs) {
            KeyFinding f = d.finding(k);
            assertEquals(k.equals(keep) ? FindingStatus.IDENTICAL : FindingStatus.RELAYOUT, f.status(), k);
            assertEquals(k.equals(keep) ? Layout.REFERENCE : MLX, f.comparison().layout(), k);
        }
        TypeSummary conv = d.summary(LayerType.CONV1D);
        assertEquals(convs.size(), conv.weights());
        assertEquals(Map.of(MLX, convs.size() - 1, Layout.REFERENCE, 1), conv.byLayout());
        assertEquals(convs.size() + " Conv1d: " + (convs.size() - 1) + " " + MLX + ", 1 PyTorch layout",
                conv.describe());
        assertEquals(convs.size() - 1, d.differences().size());
        assertTrue(d.missing().isEmpty() && d.unexpected().isEmpty() && d.suggestions().isEmpty());
    }

    @Test
    void droppedEstimatorPrefixIsSuggestedAndMatched() throws IOException {
        DiffResult d = diff(Candidates.renamed(Candidates.copy(ref), Candidates::dropEstimator));
        long estimatorKeys = ref.names().stream().filter(k -> k.startsWith(Candidates.ESTIMATOR)).count();
        assertEquals(1, d.suggestions().size());
        InferredRule s = d.suggestions().get(0);
        assertEquals("flow.decoder", s.from());
        assertEquals(Candidates.ESTIMATOR, s.to() + ".");
        assertEquals(estimatorKeys, s.matches());
        assertEquals("rename prefix flow.decoder. -> flow.decoder.estimator. would match " + estimatorKeys + " keys",
                s.describe("keys"));
        assertEquals("rename ^flow\\.decoder\\. => flow.decoder.estimator.", s.rule().toLine());
        assertTrue(d.missing().isEmpty() && d.unexpected().isEmpty());
        List<KeyFinding> suggested = d.findings().stream().filter(f -> f.matchedBy() == MatchKind.SUGGESTED).toList();
        assertEquals(estimatorKeys, suggested.size());
        assertTrue(suggested.stream().allMatch(f -> f.refKey().startsWith(Candidates.ESTIMATOR)
                && f.status() == FindingStatus.IDENTICAL && f.isDifference()));
    }

    @Test
    void suggestedRuleAppliedByAMapFileLeavesNoDifference() throws IOException {
        Map<String, Tensor> m = Candidates.renamed(Candidates.copy(ref), Candidates::dropEstimator);
        KeyMappingRules rules = KeyMappingRules.parse(tmp.resolve("map.txt"), """
                # the rule the diff suggests
                rename ^flow\\.decoder\\.(.*)$ => flow.decoder.estimator.$1
                """);
        DiffResult d = CheckpointDiff.diff(ref, Candidates.write(tmp, "cand.safetensors", m), rules);
        assertFalse(d.hasDifferences());
        assertTrue(d.findings().stream().filter(f -> f.refKey().startsWith(Candidates.ESTIMATOR))
                .allMatch(f -> f.matchedBy() == MatchKind.MAPPED));
    }

    @Test
    void convTransposeInMlxLayout() throws IOException {
        Map<String, Tensor> m = Candidates.copy(ref);
        Candidates.convTransposeToMlx(m, convT);
        DiffResult d = diff(m);
        for (String k : convT) {
            KeyFinding f = d.finding(k);
            assertEquals(FindingStatus.RELAYOUT, f.status(), k);
            assertEquals(MLX, f.comparison().layout(), k);
            assertEquals(ref.entry(k).shape().permute(1, 2, 0), f.candShape());
            assertTrue(f.describe().startsWith("stored in " + MLX), f.describe());
        }
        assertEquals(Map.of(MLX, convT.size()), d.summary(LayerType.CONV_TRANSPOSE1D).byLayout());
        assertEquals(convT.size(), d.differences().size());
    }

    @Test
    void reinitializedTensorIsNamedWithItsInitializer() throws IOException {
        Map<String, Tensor> m = Candidates.copy(ref);
        Candidates.reinitialize(m, Candidates.REINIT_KEY, 7);
        DiffResult d = diff(m);
        assertEquals(1, d.differences().size());
        KeyFinding f = d.differences().get(0);
        assertEquals(Candidates.REINIT_KEY, f.refKey());
        assertEquals(FindingStatus.VALUES_DIFFER, f.status());
        assertEquals(InitKind.KAIMING_UNIFORM, f.candidateInit().kind());
        assertEquals(maxAbs(ref.tensor(Candidates.REINIT_KEY), m.get(Candidates.REINIT_KEY)),
                f.comparison().values().maxAbs(), 0);
        assertTrue(f.describe().contains("looks re-initialized: KAIMING_UNIFORM"), f.describe());
    }

    @Test
    void allFourBugsAtOnce() throws IOException {
        Map<String, Tensor> m = Candidates.copy(ref);
        String keep = convs.get(0);
        Candidates.conv1dToMlx(m, convs, keep);
        Candidates.convTransposeToMlx(m, convT);
        Candidates.reinitialize(m, Candidates.REINIT_KEY, 11);
        DiffResult d = diff(Candidates.renamed(m, Candidates::dropEstimator));
        assertEquals(Candidates.ESTIMATOR, d.suggestions().get(0).to() + ".");
        assertTrue(d.missing().isEmpty() && d.unexpected().isEmpty());
        assertEquals(Map.of(MLX, convs.size() - 1, Layout.REFERENCE, 1), d.summary(LayerType.CONV1D).byLayout());
        assertEquals(Map.of(MLX, convT.size()), d.summary(LayerType.CONV_TRANSPOSE1D).byLayout());
        assertEquals(InitKind.KAIMING_UNIFORM, d.finding(Candidates.REINIT_KEY).candidateInit().kind());
        long estimatorConvs = convs.stream().filter(k -> k.startsWith(Candidates.ESTIMATOR)).count();
        assertTrue(estimatorConvs > 0);
        assertEquals(estimatorConvs, d.findings().stream().filter(f -> f.matchedBy() == MatchKind.SUGGESTED
                && f.status() == FindingStatus.RELAYOUT).count());
    }

    @Test
    void fusedWeightNormMatchesGAndV() throws IOException {
        Map<String, Tensor> m = Candidates.copy(ref);
        List<String> modules = ref.names().stream().filter(k -> k.endsWith(WeightNorm.V))
                .map(k -> k.substring(0, k.length() - WeightNorm.V.length())).toList();
        for (String mod : modules) {
            Tensor fused = Candidates.fuseFloat(m.remove(mod + WeightNorm.G), m.remove(mod + WeightNorm.V));
            m.put(mod + ".weight", fused);
        }
        DiffResult d = diff(m);
        assertTrue(d.missing().isEmpty() && d.unexpected().isEmpty(), d.missing() + " " + d.unexpected());
        List<KeyFinding> fused = d.findings().stream().filter(f -> f.matchedBy() == MatchKind.WEIGHT_NORM_FUSED)
                .toList();
        assertEquals(modules.size(), fused.size());
        assertTrue(fused.stream().allMatch(f -> !f.isDifference()), () -> fused.stream()
                .filter(KeyFinding::isDifference).map(KeyFinding::describe).toList().toString());
        assertFalse(d.hasDifferences());
    }

    @Test
    void fusedWeightNormInMlxLayout() throws IOException {
        Map<String, Tensor> m = Candidates.copy(ref);
        for (String v : convT) {
            String mod = v.substring(0, v.length() - WeightNorm.V.length());
            Tensor fused = Candidates.fuseFloat(m.remove(mod + WeightNorm.G), m.remove(v));
            m.put(mod + ".weight", fused.permute(1, 2, 0));
        }
        DiffResult d = diff(m);
        for (String v : convT) {
            KeyFinding f = d.finding(v);
            assertEquals(MatchKind.WEIGHT_NORM_FUSED, f.matchedBy(), v);
            assertEquals(FindingStatus.RELAYOUT, f.status(), v);
            assertEquals(MLX, f.comparison().layout(), v);
        }
        assertEquals(Map.of(MLX, convT.size()), d.summary(LayerType.CONV_TRANSPOSE1D).byLayout());
    }

    @Test
    void halfPrecisionCopyIsCloseWithADtypeDifference() throws IOException {
        Map<String, Tensor> m = Candidates.copy(ref);
        String key = "flow.encoder.encoders.0.feed_forward.w_1.weight";
        Tensor t = m.get(key);
        ByteBuffer b = ByteBuffer.allocate((int) t.numel() * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < t.numel(); i++) {
            b.putShort(HalfFloats.floatToHalf((float) t.getDouble(i)));
        }
        m.put(key, Tensor.wrap(DType.FLOAT16, t.shape(), b.flip(), ByteOrder.LITTLE_ENDIAN, false));
        KeyFinding f = diff(m).finding(key);
        assertEquals(FindingStatus.CLOSE, f.status());
        assertTrue(f.dtypeDiffers() && f.isDifference());
        assertTrue(f.describe().endsWith("dtype float32 -> float16"), f.describe());
        assertTrue(f.comparison().values().relL2() > ValueDiff.MATCH_REL_L2);
    }

    @Test
    void namesCollidingAfterTheRulesAreReportedNotDropped() throws IOException {
        Map<String, Tensor> m = Candidates.copy(ref);
        m.put("extra.flow.encoder.after_norm.bias", m.get("flow.encoder.after_norm.bias"));
        KeyMappingRules rules = KeyMappingRules.parse(tmp.resolve("map"), "strip-prefix extra.");
        DiffResult d = CheckpointDiff.diff(ref, Candidates.write(tmp, "cand.safetensors", m), rules);
        assertEquals(List.of("extra.flow.encoder.after_norm.bias"), d.unexpected());
        assertTrue(d.hasDifferences());
    }

    private static double maxAbs(Tensor a, Tensor b) {
        double m = 0;
        for (long i = 0; i < a.numel(); i++) {
            m = Math.max(m, Math.abs(a.getDouble(i) - b.getDouble(i)));
        }
        return m;
    }

    private DiffResult diff(Map<String, Tensor> cand) throws IOException {
        return CheckpointDiff.diff(ref, Candidates.write(tmp, "cand.safetensors", cand), KeyMappingRules.none());
    }
}
