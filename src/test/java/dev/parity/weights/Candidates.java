package dev.parity.weights;

import dev.parity.SharedData;
import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/** Builds candidate checkpoints from the shared reference weights, the way a buggy port might store them. */
final class Candidates {
    static final String ESTIMATOR = "flow.decoder.estimator.";
    static final String REINIT_KEY = "flow.spk_embed_affine_layer.weight";

    private Candidates() {
    }

    static SafetensorsFile reference() {
        return Safetensors.open(SharedData.smallDump().resolve("weights.safetensors"));
    }

    /** Conv1d weights counted without the code under test: rank 3, a weight or weight-norm v, not HiFT's ups.N. */
    static List<String> conv1dWeights(SafetensorsFile ref) {
        return ref.names().stream().filter(k -> ref.entry(k).shape().rank() == 3)
                .filter(k -> k.endsWith(".weight") || k.endsWith(".original1"))
                .filter(k -> !k.contains(".ups.")).toList();
    }

    /** ConvTranspose1d weights: HiFT's ups.N weight-norm v. */
    static List<String> convTransposeWeights(SafetensorsFile ref) {
        return ref.names().stream().filter(k -> k.contains(".ups.") && k.endsWith(".original1")).toList();
    }

    static Map<String, Tensor> copy(SafetensorsFile ref) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        ref.names().forEach(k -> m.put(k, ref.tensor(k)));
        return m;
    }

    /** (a) every Conv1d weight in MLX layout [out,k,in] except {@code keep}. */
    static void conv1dToMlx(Map<String, Tensor> m, List<String> convs, String keep) {
        convs.stream().filter(k -> !k.equals(keep)).forEach(k -> m.put(k, m.get(k).permute(0, 2, 1)));
    }

    /** (c) ConvTranspose1d weights [in,out,k] in MLX layout [out,k,in]. */
    static void convTransposeToMlx(Map<String, Tensor> m, List<String> convT) {
        convT.forEach(k -> m.put(k, m.get(k).permute(1, 2, 0)));
    }

    /** (d) {@code key} replaced by PyTorch's default Linear init: uniform in ±1/sqrt(in). */
    static void reinitialize(Map<String, Tensor> m, String key, long seed) {
        Shape s = m.get(key).shape();
        double bound = 1 / Math.sqrt(s.dim(1));
        Random rnd = new Random(seed);
        float[] v = new float[Math.toIntExact(s.numel())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((2 * rnd.nextDouble() - 1) * bound);
        }
        m.put(key, Tensor.ofFloats(s, v));
    }

    /** Keys rewritten by {@code rename}, order kept. */
    static Map<String, Tensor> renamed(Map<String, Tensor> m, UnaryOperator<String> rename) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.forEach((k, t) -> out.put(rename.apply(k), t));
        return out;
    }

    /** (b) the estimator prefix dropped: flow.decoder.estimator.X -> flow.decoder.X. */
    static String dropEstimator(String k) {
        return k.startsWith(ESTIMATOR) ? "flow.decoder." + k.substring(ESTIMATOR.length()) : k;
    }

    static SafetensorsFile write(Path dir, String name, Map<String, Tensor> m) throws IOException {
        Path f = dir.resolve(name);
        Safetensors.write(f, m, Map.of());
        return Safetensors.open(f);
    }

    /** g·v/‖v‖ in float32, written independently of {@link WeightNorm}. */
    static Tensor fuseFloat(Tensor g, Tensor v) {
        float[] w = v.toFloatArray();
        int rows = (int) v.shape().dim(0);
        int len = w.length / rows;
        for (int r = 0; r < rows; r++) {
            float sq = 0;
            for (int i = 0; i < len; i++) {
                sq += w[r * len + i] * w[r * len + i];
            }
            float scale = (float) g.getDouble(r) / (float) Math.sqrt(sq);
            for (int i = 0; i < len; i++) {
                w[r * len + i] *= scale;
            }
        }
        return Tensor.ofFloats(v.shape(), w);
    }
}
