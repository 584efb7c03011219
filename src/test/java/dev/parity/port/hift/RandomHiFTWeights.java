package dev.parity.port.hift;

import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random weights for every {@code mel2wav.*} key of a state-dict listing ({@code reference-dumps/state-dicts/s3gen-state-dict-full.tsv}:
 * key, shape, dtype, numel, kind). Scales follow the reference dumps' recipe loosely so activations stay finite:
 * weights N/√fan_in, weight-norm g = ‖v‖, biases 0.02·N, Snake α = exp(0.25·N), f0 classifier gain 60,
 * conv_post bias −2.5 on the log-magnitude rows.
 */
public final class RandomHiFTWeights {
    private RandomHiFTWeights() {
    }

    /** The {@code mel2wav.*} rows of the listing as key → shape. */
    public static Map<String, long[]> shapes(Path tsv) {
        Map<String, long[]> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(tsv)) {
                String[] f = line.split("\t");
                if (f.length >= 5 && f[0].startsWith("mel2wav.") && f[1].startsWith("[")) {
                    out.put(f[0], parseShape(f[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + tsv, e);
        }
        return out;
    }

    private static long[] parseShape(String s) {
        String body = s.substring(1, s.length() - 1).trim();
        if (body.isEmpty()) {
            return new long[0];
        }
        return java.util.Arrays.stream(body.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
    }

    /** Random tensors for every key of {@code shapes}, deterministic in {@code seed}. */
    public static Map<String, Tensor> make(Map<String, long[]> shapes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            String key = e.getKey();
            if (key.endsWith(".original0")) {
                continue; // made together with original1
            }
            long[] shape = e.getValue();
            float[] v = values(key, shape, rnd);
            out.put(key, Tensor.ofFloats(new Shape(shape), v));
            if (key.endsWith(".original1")) {
                String g = key.substring(0, key.length() - 1) + "0";
                out.put(g, Tensor.ofFloats(new Shape(shapes.get(g)), rowNorms(v, (int) shape[0])));
            }
        }
        return out;
    }

    private static float[] values(String key, long[] shape, SplittableRandom rnd) {
        float[] v = new float[Math.toIntExact(new Shape(shape).numel())];
        boolean alpha = key.endsWith(".alpha");
        boolean bias = key.endsWith(".bias");
        double gain = key.startsWith("mel2wav.f0_predictor.classifier.weight") ? 60 : 1;
        double scale = bias ? 0.02 : gain / Math.sqrt(fanIn(key, shape));
        for (int i = 0; i < v.length; i++) {
            double n = gaussian(rnd);
            v[i] = (float) (alpha ? Math.exp(0.25 * n) : scale * n);
        }
        if (key.equals("mel2wav.conv_post.bias")) {
            for (int i = 0; i < v.length / 2; i++) {
                v[i] -= 2.5f;
            }
        }
        return v;
    }

    private static double fanIn(String key, long[] shape) {
        if (shape.length < 2) {
            return 1;
        }
        long k = shape.length == 3 ? shape[2] : 1;
        return key.startsWith("mel2wav.ups.") ? shape[0] * k / 4.0 : shape[1] * k;
    }

    private static float[] rowNorms(float[] v, int rows) {
        int per = v.length / rows;
        float[] g = new float[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int i = 0; i < per; i++) {
                s += (double) v[r * per + i] * v[r * per + i];
            }
            g[r] = (float) Math.sqrt(s);
        }
        return g;
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /** Keys in listing order. */
    public static List<String> keys(Path tsv) {
        return List.copyOf(shapes(tsv).keySet());
    }
}
