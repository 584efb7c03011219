package dev.parity.port.hift;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.parity.SharedData;
import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.port.nn.NoiseSource;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.WeightLoadException;
import dev.parity.port.nn.Weights;
import dev.parity.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad inputs give exceptions that name the problem. */
class HiFTInputErrorsTest {
    private static final String KEY = "mel2wav.resblocks.4.convs2.1.parametrizations.weight.original1";

    private static Map<String, Tensor> smallWeights() {
        SafetensorsFile f = Safetensors.open(SharedData.smallDump().resolve("weights.safetensors"));
        Map<String, Tensor> m = new LinkedHashMap<>();
        f.names().stream().filter(k -> k.startsWith("mel2wav.")).forEach(k -> m.put(k, f.tensor(k)));
        return m;
    }

    private static HiFTConfig smallConfig() {
        return HiFTConfig.fromConfigJson(SharedData.smallDump().resolve("config.json"));
    }

    @Test
    void wrongMelChannelCountIsNamed() {
        try (NDManager m = Torch.newManager()) {
            HiFTGenerator g = HiFTGenerator.load("mel2wav", smallConfig(), Weights.of("small", smallWeights(), m));
            var mel = m.zeros(new Shape(1, 64, 10));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.inference(
                    RunContext.OFF, new RandomDraws(NoiseSource.seeded(1), 0), mel, null, HiFTGenerator.Injection.NONE));
            assertTrue(e.getMessage().contains("(B, 80, T)") && e.getMessage().contains("(1, 64, 10)"),
                    e.getMessage());
        }
    }

    @Test
    void missingWeightIsNamedWithItsShape() {
        Map<String, Tensor> w = smallWeights();
        w.remove(KEY);
        try (NDManager m = Torch.newManager()) {
            WeightLoadException e = assertThrows(WeightLoadException.class,
                    () -> HiFTGenerator.load("mel2wav", smallConfig(), Weights.of("small", w, m)));
            assertTrue(e.getMessage().contains(KEY + " [16, 16, 7]"), e.getMessage());
        }
    }

    @Test
    void misShapedWeightIsNamedWithBothShapes() {
        Map<String, Tensor> w = smallWeights();
        w.put("mel2wav.conv_pre.bias", Tensor.ofFloats(new dev.parity.tensor.Shape(65), new float[65]));
        try (NDManager m = Torch.newManager()) {
            WeightLoadException e = assertThrows(WeightLoadException.class,
                    () -> HiFTGenerator.load("mel2wav", smallConfig(), Weights.of("small", w, m)));
            assertTrue(e.getMessage().contains("mel2wav.conv_pre.bias: expected [64], found [65]"), e.getMessage());
        }
    }

    @Test
    void unexpectedVocoderKeyIsRefused() {
        Map<String, Tensor> w = smallWeights();
        w.put("mel2wav.extra.weight", Tensor.ofFloats(new dev.parity.tensor.Shape(1), 0f));
        try (NDManager m = Torch.newManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HiFTGenerator.load("mel2wav", smallConfig(), Weights.of("small", w, m)));
            assertTrue(e.getMessage().contains("mel2wav.extra.weight"), e.getMessage());
        }
    }
}
