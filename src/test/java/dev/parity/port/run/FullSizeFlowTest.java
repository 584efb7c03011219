package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.io.Safetensors;
import dev.parity.port.nn.NoiseSource;
import dev.parity.port.nn.RunContext;
import dev.parity.port.s3gen.FlowConfig;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same code on the real full-size configuration: random weights with every key and shape of the released
 * checkpoint; flow keys all used, tokenizer / speaker_encoder / mel2wav keys reported unused.
 */
class FullSizeFlowTest {
    @TempDir
    static Path tmp;
    static Path checkpoint;
    static List<FullSizeCheckpoint.Row> rows;

    @BeforeAll
    static void write() throws Exception {
        rows = FullSizeCheckpoint.rows();
        checkpoint = tmp.resolve("s3gen-full-random.safetensors");
        FullSizeCheckpoint.write(checkpoint, rows, k -> k.startsWith("flow."), 7);
    }

    static TokenInputs inputs(int nPrompt, int nSpeech, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] speech = r.longs(nSpeech, 0, 6561).toArray();
        long[] prompt = r.longs(nPrompt, 0, 6561).toArray();
        float[] feat = new float[2 * nPrompt * 80];
        for (int i = 0; i < feat.length; i++) {
            feat[i] = (float) (r.nextDouble() * 4 - 6);
        }
        float[] emb = new float[192];
        for (int i = 0; i < emb.length; i++) {
            emb[i] = (float) (r.nextDouble() - 0.5);
        }
        return new TokenInputs(Tensor.ofLongs(new Shape(1, nSpeech), speech),
                Tensor.ofLongs(new Shape(1, nPrompt), prompt), Tensor.ofLongs(new Shape(1), nPrompt),
                Tensor.ofFloats(new Shape(1, 2L * nPrompt, 80), feat), Tensor.ofFloats(new Shape(1, 192), emb));
    }

    @Test
    void loadsTheFullKeySetAndRunsTheFlow() {
        Set<String> flowKeys = rows.stream().map(FullSizeCheckpoint.Row::key).filter(k -> k.startsWith("flow."))
                .collect(Collectors.toSet());
        assertEquals(1121, flowKeys.size());
        try (S3GenPipeline p = S3GenPipeline.loadFlow(FlowConfig.fullSize(), checkpoint)) {
            assertEquals(flowKeys, p.usedKeys());
            assertEquals(rows.size() - flowKeys.size(), p.unusedKeys().size());
            Set<String> unusedRoots = p.unusedKeys().stream().map(k -> k.substring(0, k.indexOf('.')))
                    .collect(Collectors.toSet());
            assertEquals(Set.of("tokenizer", "speaker_encoder", "mel2wav"), unusedRoots);

            S3GenPipeline.Result r = p.run(inputs(5, 10, 3), 10, NoiseSource.seeded(1), RunContext.OFF);
            assertArrayEquals(new long[] {1, 80, 20}, r.mel().shape().dims());
            double[] mel = r.mel().toDoubleArray();
            double sq = 0;
            for (double v : mel) {
                assertTrue(Double.isFinite(v), "non-finite mel value");
                sq += v * v;
            }
            assertTrue(sq > 0, "mel is all zeros");

            String key = "flow.decoder.estimator.mid_blocks.11.1.3.attn1.to_out.0.weight";
            Map<String, Tensor> held = p.loadedParameters();
            assertEquals(flowKeys, held.keySet());
            assertArrayEquals(Safetensors.open(checkpoint).tensor(key).toFloatArray(), held.get(key).toFloatArray());
        }
    }
}
