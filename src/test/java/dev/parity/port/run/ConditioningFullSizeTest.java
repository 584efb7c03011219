package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.port.cond.CondConfig;
import dev.parity.port.nn.RunContext;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conditioning models at full size: random weights for every key of the full state-dict listing load strictly
 * (every key used except counters, training-only and computed tensors) and run on a 10 s recording.
 */
class ConditioningFullSizeTest {
    @TempDir
    Path tmp;

    @Test
    void loadsEveryKeyAndRunsTenSeconds() throws Exception {
        List<ConditioningCheckpoints.Row> rows = ConditioningCheckpoints.write(tmp, 5);
        try (ConditioningPipeline p = ConditioningPipeline.load(tmp.resolve("s3gen.safetensors"),
                tmp.resolve("ve.safetensors"), CondConfig.fullSize())) {
            Set<String> unused = p.unusedKeys();
            assertTrue(unused.stream().allMatch(k -> k.matches(ConditioningPipeline.UNUSED_BY_DESIGN)), unused::toString);
            long designed = rows.stream().map(r -> r.checkpoint().equals("ve.safetensors") ? "ve." + r.key() : r.key())
                    .filter(k -> k.matches(ConditioningPipeline.UNUSED_BY_DESIGN)).count();
            assertEquals(designed, unused.size());
            Map<String, Tensor> c = p.run(ConditioningCheckpoints.tiledWaves(10), 0.5, RunContext.OFF)
                    .conditionals();
            assertArrayEquals(new long[] {1, 500, 80}, c.get("prompt_feat").shape().dims());
            assertArrayEquals(new long[] {1, 250}, c.get("prompt_token").shape().dims());
            assertEquals(250, c.get("prompt_token_len").getLong(0));
            assertArrayEquals(new long[] {1, 192}, c.get("embedding").shape().dims());
            assertArrayEquals(new long[] {1, 256}, c.get("speaker_emb").shape().dims());
            assertArrayEquals(new long[] {1, 150}, c.get("cond_prompt_speech_tokens").shape().dims());
            for (String k : List.of("prompt_feat", "embedding", "speaker_emb")) {
                for (double v : c.get(k).toDoubleArray()) {
                    assertTrue(Double.isFinite(v), k);
                }
            }
            for (long t : c.get("prompt_token").toLongArray()) {
                assertTrue(t >= 0 && t < 6561);
            }
            double norm = Math.sqrt(java.util.Arrays.stream(c.get("speaker_emb").toDoubleArray()).map(v -> v * v).sum());
            assertEquals(1, norm, 1e-5);
        }
    }
}
