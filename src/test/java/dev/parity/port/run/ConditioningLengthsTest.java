package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.port.cond.CondConfig;
import dev.parity.port.cond.CondDump;
import dev.parity.port.cond.Conditioning;
import dev.parity.port.nn.RunContext;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The length rules of {@code prepare_conditionals} (docs/chatterbox-conditioning.md §0) on the small models: a
 * recording shorter than 6 s keeps every T3 prompt token (no 150 cap) and needs no F24 // 2 cut; one longer than
 * 10 s is cut to 10 s for S3Gen.
 */
class ConditioningLengthsTest {
    private static Map<String, Tensor> run(double seconds) throws Exception {
        Path dump = CondDump.original();
        CondConfig cfg = CondConfig.fromJson(new ObjectMapper().readTree(dump.resolve("config.json").toFile())
                .path("model"));
        Path w = dump.resolve("weights.safetensors");
        try (ConditioningPipeline p = ConditioningPipeline.load(w, w, cfg)) {
            Conditioning.Waves waves = ConditioningCheckpoints.tiledWaves(seconds);
            return p.run(waves, 0.7, RunContext.OFF).conditionals();
        }
    }

    @Test
    void fourSecondsKeepAllPromptTokens() throws Exception {
        Map<String, Tensor> c = run(4);
        assertArrayEquals(new long[] {1, 200, 80}, c.get("prompt_feat").shape().dims()); // 96000 / 480
        assertArrayEquals(new long[] {1, 100}, c.get("prompt_token").shape().dims()); // 64000 / 640, no cut
        assertArrayEquals(new long[] {1, 100}, c.get("cond_prompt_speech_tokens").shape().dims()); // < 150
        assertEquals(0.7, c.get("emotion_adv").getDouble(0), 1e-7);
    }

    @Test
    void twelveSecondsAreCutToTenForS3GenAndSixForT3() throws Exception {
        Map<String, Tensor> c = run(12);
        assertArrayEquals(new long[] {1, 500, 80}, c.get("prompt_feat").shape().dims());
        assertArrayEquals(new long[] {1, 250}, c.get("prompt_token").shape().dims());
        assertEquals(250, c.get("prompt_token_len").getLong(0));
        assertArrayEquals(new long[] {1, 150}, c.get("cond_prompt_speech_tokens").shape().dims());
        assertEquals(1, Math.sqrt(Arrays.stream(c.get("speaker_emb").toDoubleArray()).map(v -> v * v).sum()), 1e-5);
    }
}
