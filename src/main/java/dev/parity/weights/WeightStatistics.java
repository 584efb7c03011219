package dev.parity.weights;

import dev.parity.io.SafetensorsFile;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes {@link CheckpointStats}: one pass over each memory-mapped tensor, tensors in parallel (common pool).
 */
public final class WeightStatistics {
    /** Default number of key components that form a module group ({@code flow.encoder}, {@code mel2wav.ups}). */
    public static final int DEFAULT_DEPTH = 2;

    private WeightStatistics() {
    }

    /** Statistics of one tensor. */
    public static TensorStats of(KeyInfo info, Tensor t) {
        return StatsAccumulator.over(t).toStats(info, t);
    }

    /** Statistics of every tensor of {@code ckpt}, grouped by the first {@code depth} key components. */
    public static CheckpointStats compute(SafetensorsFile ckpt, KeyMappingRules rules, int depth) {
        LayerTypes types = new LayerTypes(shapes(ckpt), rules);
        List<String> keys = List.copyOf(ckpt.names());
        List<TensorStats> stats = keys.parallelStream()
                .map(k -> of(types.classify(k), ckpt.tensor(k))).toList();
        List<InitVerdict> verdicts = new ArrayList<>();
        for (TensorStats s : stats) {
            verdicts.add(InitializerCheck.check(s, types.classify(s.key()).fanIn()));
        }
        return new CheckpointStats(ckpt.path().toString(), depth, stats, verdicts, groups(stats, verdicts, depth));
    }

    /** Every key of {@code ckpt} with its shape. */
    public static Map<String, Shape> shapes(SafetensorsFile ckpt) {
        Map<String, Shape> m = new LinkedHashMap<>();
        ckpt.entries().forEach((k, e) -> m.put(k, e.shape()));
        return m;
    }

    /** The first {@code depth} dot-separated components of {@code key}. */
    public static String prefix(String key, int depth) {
        int pos = -1;
        for (int i = 0; i < depth; i++) {
            int next = key.indexOf('.', pos + 1);
            if (next < 0) {
                return key;
            }
            pos = next;
        }
        return key.substring(0, pos);
    }

    private static List<ModuleGroup> groups(List<TensorStats> stats, List<InitVerdict> verdicts, int depth) {
        Map<String, List<Integer>> byPrefix = new TreeMap<>();
        for (int i = 0; i < stats.size(); i++) {
            byPrefix.computeIfAbsent(prefix(stats.get(i).key(), depth), p -> new ArrayList<>()).add(i);
        }
        List<ModuleGroup> out = new ArrayList<>();
        byPrefix.forEach((p, idx) -> out.add(group(p, idx, stats, verdicts)));
        return out;
    }

    private static ModuleGroup group(String prefix, List<Integer> idx, List<TensorStats> stats,
                                     List<InitVerdict> verdicts) {
        long elements = 0;
        long bytes = 0;
        long nan = 0;
        long inf = 0;
        int flagged = 0;
        for (int i : idx) {
            TensorStats s = stats.get(i);
            elements += s.count();
            bytes += s.count() * s.dtype().size();
            nan += s.nanCount();
            inf += s.infCount();
            flagged += verdicts.get(i).looksUntrained() ? 1 : 0;
        }
        return new ModuleGroup(prefix, idx.size(), elements, bytes, nan, inf, flagged);
    }
}
