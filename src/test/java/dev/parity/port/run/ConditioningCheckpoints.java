package dev.parity.port.run;

import dev.parity.SharedData;
import dev.parity.io.Npy;
import dev.parity.io.Safetensors;
import dev.parity.port.audio.SampleRates;
import dev.parity.port.cond.CondDump;
import dev.parity.port.cond.Conditioning;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random full-size conditioning checkpoints with every key and shape of
 * {@code reference-dumps/state-dicts/conditioning-state-dict-full.tsv}: an S3Gen-side file ({@code tokenizer.*},
 * {@code speaker_encoder.*}) and {@code ve.safetensors} (no prefix). Matrices fan-in scaled, norm weights ≈ 1,
 * running variances ≥ 1, {@code num_batches_tracked} int64 0; and a 10 s input made by tiling the dump's waves.
 */
public final class ConditioningCheckpoints {
    /** One row of the tsv: key, shape, checkpoint file name. */
    public record Row(String key, long[] shape, String checkpoint) {
    }

    private ConditioningCheckpoints() {
    }

    public static List<Row> rows() throws IOException {
        return Files.readAllLines(SharedData.stateDict("conditioning")).stream()
                .filter(l -> !l.startsWith("#") && !l.startsWith("key\t")).map(l -> l.split("\t"))
                .filter(f -> f.length == 6 && f[1].startsWith("["))
                .map(f -> new Row(f[0], shape(f[1]), f[5])).toList();
    }

    private static long[] shape(String s) {
        String inner = s.substring(1, s.length() - 1).trim();
        return inner.isEmpty() ? new long[0]
                : java.util.Arrays.stream(inner.split(",")).mapToLong(x -> Long.parseLong(x.trim())).toArray();
    }

    /** Writes {@code dir/s3gen.safetensors} and {@code dir/ve.safetensors}; returns the rows written. */
    public static List<Row> write(Path dir, long seed) throws IOException {
        List<Row> rows = rows();
        for (String file : List.of("s3gen.safetensors", "ve.safetensors")) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            rows.stream().filter(r -> r.checkpoint().equals(file)).forEach(r -> tensors.put(r.key(), random(r, seed)));
            Safetensors.write(dir.resolve(file), tensors, Map.of("note", "random full-size test weights"));
        }
        return rows;
    }

    static Tensor random(Row r, long seed) {
        Shape shape = new Shape(r.shape());
        if (r.key().endsWith("num_batches_tracked")) {
            return Tensor.ofLongs(shape, 0);
        }
        float[] v = new float[Math.toIntExact(shape.numel())];
        SplittableRandom rng = new SplittableRandom(seed ^ r.key().hashCode());
        boolean matrix = r.shape().length >= 2;
        double fanIn = matrix ? (double) shape.numel() / r.shape()[0] : 1;
        for (int i = 0; i < v.length; i++) {
            double u = Math.sqrt(3) * (2 * rng.nextDouble() - 1);
            v[i] = (float) (matrix ? u / Math.sqrt(fanIn)
                    : r.key().endsWith("running_var") ? 1 + 0.1 * Math.abs(u)
                    : r.key().endsWith(".weight") ? 1 + 0.1 * u : 0.02 * u);
        }
        return Tensor.ofFloats(shape, v);
    }

    /** {@code seconds} of input: the dump's recorded 24 kHz, soxr 16 kHz and torchaudio 16 kHz waves, tiled. */
    public static Conditioning.Waves tiledWaves(double seconds) {
        Path t = CondDump.original().resolve("tensors");
        float[] w24 = tile(Npy.read(t.resolve("soxr.resample.method#0.out.npy")).toFloatArray(), seconds * SampleRates.S3GEN_SR);
        float[] s16 = tile(Npy.read(t.resolve("librosa.resample.method#1.out.npy")).toFloatArray(), seconds * SampleRates.S3_SR);
        float[] ta = Npy.read(t.resolve("ta_resample_24000_16000#0.out.npy")).toFloatArray();
        return new Conditioning.Waves(w24, s16, in -> tile(ta, (2.0 * in.length + 2) / 3));
    }

    /** {@code seconds} of the dump's 22050 Hz recording ({@code inputs/reference.npy}), tiled. */
    public static float[] tiledRecording(double seconds) {
        return tile(Npy.read(CondDump.original().resolve("inputs/reference.npy")).toFloatArray(), seconds * 22050);
    }

    private static float[] tile(float[] x, double n) {
        float[] y = new float[(int) n];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[i % x.length];
        }
        return y;
    }
}
