package dev.parity.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calibration of the initializer heuristic on fresh PyTorch 1.13 modules and trained-looking tensors made by
 * {@code src/test/resources/fixtures/weights/make_init_fixtures.py}, and its documented behaviour on the shared dump.
 */
class InitializerCheckTest {
    private static CheckpointStats fixtures;

    @BeforeAll
    static void load() {
        SafetensorsFile f = Safetensors.open(Path.of("src/test/resources/fixtures/weights/init_fixtures.safetensors"));
        fixtures = WeightStatistics.compute(f, KeyMappingRules.none(), 1);
    }

    private static Map<String, InitKind> kinds(CheckpointStats s) {
        return s.initializers().stream().collect(Collectors.toMap(InitVerdict::key, InitVerdict::kind));
    }

    @Test
    void freshPyTorchInitializersAreFlagged() {
        Map<String, InitKind> k = kinds(fixtures);
        assertEquals(InitKind.KAIMING_UNIFORM, k.get("fresh.linear.weight"));
        assertEquals(InitKind.KAIMING_UNIFORM, k.get("fresh.linear.bias"));
        assertEquals(InitKind.KAIMING_UNIFORM, k.get("fresh.conv.weight"));
        assertEquals(InitKind.KAIMING_UNIFORM, k.get("fresh.conv.bias"));
        assertEquals(InitKind.KAIMING_UNIFORM, k.get("fresh.ups.0.weight"));
        assertEquals(InitKind.INCONCLUSIVE, k.get("fresh.ups.0.bias"), "32 values are too few");
        assertEquals(InitKind.ONES, k.get("fresh.norm.weight"));
        assertEquals(InitKind.ZEROS, k.get("fresh.norm.bias"));
        assertEquals(InitKind.NORMAL_UNIT, k.get("fresh.input_embedding.weight"));
        assertEquals(InitKind.NORMAL_KAIMING, k.get("fresh.kaiming_normal.weight"));
        assertEquals(InitKind.UNIFORM_OTHER, k.get("fresh.xavier.weight"));
    }

    @Test
    void convTransposeFanInIsPyTorchs() {
        InitVerdict v = fixtures.initializers().stream().filter(i -> i.key().equals("fresh.ups.0.weight"))
                .findFirst().orElseThrow();
        assertEquals(LayerType.CONV_TRANSPOSE1D, v.layerType());
        assertEquals(32 * 16, v.fanIn(), "weight [in=64, out=32, k=16]: fan_in = out·k");
        assertEquals(1.0, v.scaleRatio(), 0.03);
    }

    @Test
    void trainedLookingTensorsAreNotFlagged() {
        fixtures.initializers().stream().filter(v -> v.key().startsWith("trained."))
                .forEach(v -> assertFalse(v.looksUntrained(), v.key() + ": " + v.kind() + " " + v.reason()));
        assertEquals(6, fixtures.initializers().stream().filter(v -> v.key().startsWith("trained.")).count());
    }

    @Test
    void sharedDumpRandomWeightsAreFlaggedAsTheyWereMade() {
        CheckpointStats s = WeightStatistics.compute(Candidates.reference(), KeyMappingRules.none(), 2);
        Map<String, InitKind> k = kinds(s);
        // recipe N/sqrt(fan_in), gain 1: indistinguishable from an initializer, and reported so
        assertEquals(InitKind.NORMAL_FAN_IN, k.get("flow.encoder.encoders.0.self_attn.linear_q.weight"));
        assertEquals(InitKind.NORMAL_FAN_IN, k.get("flow.decoder.estimator.down_blocks.0.0.block1.block.0.weight"));
        assertEquals(InitKind.NORMAL_FAN_IN, k.get("mel2wav.resblocks.0.convs1.0.parametrizations.weight.original1"));
        assertEquals(InitKind.NORMAL_UNIT, k.get("flow.input_embedding.weight"));
        // recipe fan-in in·k/stride is not PyTorch's out·k; LayerNorm 1 + 0.1 N; g = ||v||(1 + 0.05 N)
        for (TensorStats t : s.tensors()) {
            InitKind kind = k.get(t.key());
            if (t.key().contains(".ups.") || t.layerType() == LayerType.LAYER_NORM || t.key().endsWith("original0")
                    || t.key().endsWith(".alpha")) {
                assertFalse(kind.looksUntrained(), t.key() + " " + kind);
            }
        }
        long weights = s.tensors().stream().filter(t -> t.shape().rank() >= 2 && !t.key().endsWith("original0"))
                .count();
        long flagged = s.untrainedLooking().size();
        assertTrue(flagged > weights / 2 && flagged <= weights, flagged + " of " + weights);
    }
}
