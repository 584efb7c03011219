package dev.parity.port.run;

import dev.parity.SharedData;
import dev.parity.io.Safetensors;
import dev.parity.port.hift.RandomHiFTWeights;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A checkpoint directory as released ({@link SynthPipeline#FILES}) with random full-size values for every key of
 * {@code reference-dumps/state-dicts/{t3,s3gen,conditioning}-state-dict-full.tsv}: {@code s3gen.safetensors} with
 * {@code flow.*} ({@link FullSizeCheckpoint}), {@code mel2wav.*} ({@link RandomHiFTWeights}), {@code tokenizer.*}
 * and {@code speaker_encoder.*} ({@link ConditioningCheckpoints}); {@code ve.safetensors}; {@code t3_cfg.safetensors}
 * streamed ({@link FullSizeT3Checkpoint}); and the test fixture {@code tokenizer.json}.
 */
public final class SynthCheckpoints {
    private SynthCheckpoints() {
    }

    /** Writes every file into {@code dir}, T3 with the keys {@code t3Keys} accepts; returns the number of keys. */
    public static int write(Path dir, Predicate<String> t3Keys, long seed) throws IOException {
        Files.createDirectories(dir);
        Map<String, ConditioningCheckpoints.Row> cond = new LinkedHashMap<>();
        ConditioningCheckpoints.rows().forEach(r -> cond.put(r.key(), r));
        Map<String, Tensor> hift = RandomHiFTWeights.make(RandomHiFTWeights.shapes(SharedData.stateDict("s3gen")),
                seed);
        Map<String, Tensor> s3gen = new LinkedHashMap<>();
        for (FullSizeCheckpoint.Row r : FullSizeCheckpoint.rows()) {
            ConditioningCheckpoints.Row c = cond.get(r.key());
            s3gen.put(r.key(), r.key().startsWith("mel2wav.") ? hift.get(r.key())
                    : c != null ? ConditioningCheckpoints.random(c, seed) : FullSizeCheckpoint.randomTensor(r, seed));
        }
        Safetensors.write(dir.resolve(SynthPipeline.S3GEN), s3gen, Map.of("note", "random full-size test weights"));
        int n = s3gen.size();
        s3gen.clear();
        Map<String, Tensor> ve = new LinkedHashMap<>();
        cond.values().stream().filter(r -> r.checkpoint().equals(SynthPipeline.VE))
                .forEach(r -> ve.put(r.key(), ConditioningCheckpoints.random(r, seed)));
        Safetensors.write(dir.resolve(SynthPipeline.VE), ve, Map.of("note", "random full-size test weights"));
        List<FullSizeCheckpoint.Row> t3 = FullSizeT3Checkpoint.rows();
        FullSizeT3Checkpoint.write(dir.resolve(SynthPipeline.T3), t3, t3Keys, seed);
        Files.copy(SharedData.repo().resolve("src/test/resources/fixtures/text/tokenizer.json"),
                dir.resolve(SynthPipeline.TOKENIZER));
        return n + ve.size() + (int) t3.stream().filter(r -> t3Keys.test(r.key())).count();
    }

    /** {@code java ... SynthCheckpoints DIR}: every key, full size (3.2 GB), for the benchmark in bench/synth.md. */
    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        int n = write(Path.of(args[0]), k -> true, 7);
        System.out.printf("wrote %d tensors to %s in %.1f s%n", n, args[0], (System.nanoTime() - t0) / 1e9);
    }
}
