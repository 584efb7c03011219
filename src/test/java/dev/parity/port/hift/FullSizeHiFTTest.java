package dev.parity.port.hift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.parity.SharedData;
import dev.parity.port.nn.NoiseSource;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.Weights;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real S3Gen vocoder configuration with random weights for every full-size mel2wav key. */
class FullSizeHiFTTest {
    static Path tsv() {
        return SharedData.stateDict("s3gen");
    }

    @Test
    void fullSizeRunsMelToWavFor150Frames() {
        Map<String, long[]> shapes = RandomHiFTWeights.shapes(tsv());
        assertEquals(328, shapes.size(), "mel2wav keys in the listing");
        Map<String, Tensor> weights = RandomHiFTWeights.make(shapes, 7);
        try (NDManager m = Torch.newManager()) {
            Weights w = Weights.of("random full-size", weights, m);
            HiFTGenerator g = HiFTGenerator.load("mel2wav", HiFTConfig.fullSize(), w);
            assertEquals(shapes.keySet(), w.usedKeys(), "every full-size key is taken");
            NDArray mel = m.randomNormal(new Shape(1, 80, 150)); // (1, 80, 150)
            NDList out = g.inference(RunContext.OFF, new RandomDraws(NoiseSource.seeded(3), 1), mel, null,
                    HiFTGenerator.Injection.NONE);
            assertArrayEquals(new long[] {1, 72000}, out.get(0).getShape().getShape());
            assertArrayEquals(new long[] {1, 1, 72000}, out.get(1).getShape().getShape());
            float[] wav = out.get(0).toFloatArray();
            double rms = 0;
            for (float v : wav) {
                assertTrue(Float.isFinite(v) && Math.abs(v) <= 0.99f);
                rms += v * v;
            }
            assertTrue(rms > 0, "silent output");
        }
    }
}
