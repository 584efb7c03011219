package dev.parity.weights;

import dev.parity.report.WeightsDocuments;
import dev.parity.report.doc.TextRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.io.SafetensorsFile;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Statistics checked against a direct two-pass computation over the shared checkpoint's values. */
class WeightStatisticsTest {
    private static SafetensorsFile ckpt;
    private static CheckpointStats stats;

    @BeforeAll
    static void compute() {
        ckpt = Candidates.reference();
        stats = WeightStatistics.compute(ckpt, MappingRules.none(), 2);
    }

    @Test
    void everyTensorMatchesTwoPassStatistics() {
        assertEquals(ckpt.names().size(), stats.tensors().size());
        for (TensorStats s : stats.tensors()) {
            double[] x = ckpt.tensor(s.key()).toDoubleArray();
            double mean = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double abs = 0;
            long zeros = 0;
            for (double v : x) {
                mean += v / x.length;
                min = Math.min(min, v);
                max = Math.max(max, v);
                abs += Math.abs(v) / x.length;
                zeros += v == 0 ? 1 : 0;
            }
            double m2 = 0;
            double m4 = 0;
            for (double v : x) {
                m2 += (v - mean) * (v - mean) / x.length;
                m4 += Math.pow(v - mean, 4) / x.length;
            }
            String k = s.key();
            double scale = Math.max(Math.abs(mean), Math.sqrt(m2));
            assertEquals(mean, s.mean(), 1e-12 * Math.max(1, scale) + 1e-9 * scale, k);
            assertEquals(Math.sqrt(m2), s.std(), 1e-9 * Math.max(1e-12, scale), k);
            assertEquals(min, s.min(), 0, k);
            assertEquals(max, s.max(), 0, k);
            assertEquals(abs, s.meanAbs(), 1e-12 * Math.max(1, abs), k);
            assertEquals((double) zeros / x.length, s.zeroFraction(), 0, k);
            if (m2 > 0) {
                assertEquals(m4 / (m2 * m2), s.kurtosis(), 1e-6 * m4 / (m2 * m2), k);
            }
            assertEquals(x.length, s.histogram().total(), k);
            assertEquals(0, s.nanCount() + s.infCount(), k);
        }
    }

    @Test
    void nonFiniteValuesAreCountedAndExcludedFromMoments() {
        Tensor t = Tensor.ofFloats(new Shape(2, 3), 1f, Float.NaN, -2f, Float.POSITIVE_INFINITY, 0f,
                Float.NEGATIVE_INFINITY);
        TensorStats s = WeightStatistics.of(new KeyInfo("t", "", ParamRole.OTHER, LayerType.OTHER, 0), t);
        assertEquals(1, s.nanCount());
        assertEquals(2, s.infCount());
        assertEquals(-1.0 / 3, s.mean(), 1e-15);
        assertEquals(-2, s.min());
        assertEquals(1, s.max());
        assertEquals(1.0 / 6, s.zeroFraction());
        assertEquals(1, s.histogram().zeros());
        assertEquals(3, s.histogram().total());
        assertTrue(s.hasNonFinite());
    }

    @Test
    void magnitudeBinsFollowPowersOfTwo() {
        Tensor t = Tensor.ofFloats(new Shape(4), 0.75f, -1f, 1.5f, 3f);
        MagnitudeHistogram h = WeightStatistics.of(new KeyInfo("t", "", ParamRole.OTHER, LayerType.OTHER, 0), t)
                .histogram();
        int one = -MagnitudeHistogram.MIN_EXPONENT;
        assertEquals(1, h.counts().get(one - 1));
        assertEquals(2, h.counts().get(one));
        assertEquals(1, h.counts().get(one + 1));
        assertEquals(1.0, h.lowerEdge(one));
    }

    @Test
    void groupsAddUpAndLayerTypesFollowTheDocumentedRule() {
        assertEquals(stats.elements(), stats.groups().stream().mapToLong(ModuleGroup::elements).sum());
        Map<String, Integer> groups = stats.groups().stream()
                .collect(java.util.stream.Collectors.toMap(ModuleGroup::prefix, ModuleGroup::tensors));
        assertEquals((int) ckpt.names().stream().filter(k -> k.startsWith("flow.decoder.")).count(),
                groups.get("flow.decoder"));
        assertEquals(LayerType.CONV_TRANSPOSE1D, stats.get("mel2wav.ups.1.bias").layerType());
        assertEquals(LayerType.CONV1D, stats.get("mel2wav.conv_pre.parametrizations.weight.original0").layerType());
        assertEquals(LayerType.EMBEDDING, stats.get("flow.input_embedding.weight").layerType());
        assertEquals(LayerType.LINEAR, stats.get("flow.encoder.embed.out.0.weight").layerType());
        assertEquals(LayerType.LAYER_NORM, stats.get("flow.encoder.embed.out.1.bias").layerType());
        assertEquals(LayerType.OTHER, stats.get("mel2wav.resblocks.0.activations1.0.alpha").layerType());
        String text = TextRenderer.render(WeightsDocuments.stats(stats));
        assertTrue(text.contains("== mel2wav.ups: 9 tensors"), text);
    }
}
