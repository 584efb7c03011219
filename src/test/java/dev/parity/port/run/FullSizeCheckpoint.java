package dev.parity.port.run;

import dev.parity.SharedData;
import dev.parity.io.Safetensors;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A checkpoint with every key and shape of {@code reference-dumps/state-dicts/s3gen-state-dict-full.tsv}: keys chosen by
 * {@code random} get fan-in-scaled random float32 values (uniform with unit variance before scaling;
 * LayerNorm-like weights ≈ 1, biases small), every
 * other key float16 zeros (same shape, half the bytes: nothing reads them).
 */
public final class FullSizeCheckpoint {
    private static final double SQRT3 = Math.sqrt(3);

    /** One row of the tsv. */
    public record Row(String key, long[] shape) {
    }

    private FullSizeCheckpoint() {
    }

    /** The rows of the full-size state-dict listing. */
    public static List<Row> rows() {
        Path tsv = SharedData.stateDict("s3gen");
        try {
            return Files.readAllLines(tsv).stream().filter(l -> !l.startsWith("#") && !l.startsWith("key\t"))
                    .map(l -> l.split("\t")).filter(f -> f.length == 5 && f[1].startsWith("["))
                    .map(f -> new Row(f[0], parseShape(f[1]))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long[] parseShape(String s) {
        String inner = s.substring(1, s.length() - 1).trim();
        if (inner.isEmpty()) {
            return new long[0];
        }
        String[] parts = inner.split(",");
        long[] d = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            d[i] = Long.parseLong(parts[i].trim());
        }
        return d;
    }

    /** Writes the checkpoint with every row: random float32 where {@code random} accepts the key. */
    public static void write(Path file, List<Row> rows, Predicate<String> random, long seed) throws IOException {
        long maxZero = rows.stream().filter(r -> !random.test(r.key())).mapToLong(r -> new Shape(r.shape()).numel())
                .max().orElse(0);
        ByteBuffer zeros = ByteBuffer.allocate(Math.toIntExact(2 * maxZero)).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Row r : rows) {
            Shape shape = new Shape(r.shape());
            tensors.put(r.key(), random.test(r.key()) ? randomTensor(r, seed)
                    : Tensor.wrap(DType.FLOAT16, shape, zeros, ByteOrder.LITTLE_ENDIAN, false));
        }
        Safetensors.write(file, tensors, Map.of("note", "random full-size test weights"));
    }

    /** One random tensor for {@code r}: uniform, scaled by fan-in for matrices, around 1 for norm weights. */
    public static Tensor randomTensor(Row r, long seed) {
        Shape shape = new Shape(r.shape());
        float[] v = new float[Math.toIntExact(shape.numel())];
        SplittableRandom rng = new SplittableRandom(seed ^ r.key().hashCode());
        boolean matrix = r.shape().length >= 2;
        double fanIn = matrix ? (double) shape.numel() / r.shape()[0] : 1;
        boolean norm = !matrix && r.key().endsWith(".weight");
        double scale = matrix ? 1 / Math.sqrt(fanIn) : norm ? 0.1 : 0.02;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((norm ? 1 : 0) + scale * unitUniform(rng));
        }
        return Tensor.ofFloats(shape, v);
    }

    /** Uniform with mean 0 and variance 1 (cheaper than a normal draw, same scale). */
    private static double unitUniform(SplittableRandom r) {
        return SQRT3 * (2 * r.nextDouble() - 1);
    }
}
