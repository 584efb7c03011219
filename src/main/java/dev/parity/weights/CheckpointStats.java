package dev.parity.weights;

import java.util.List;

/**
 * Statistics of every tensor of a checkpoint, in header order, with their initializer verdicts (same order) and
 * totals per module prefix (sorted by prefix).
 */
public record CheckpointStats(String file, int groupDepth, List<TensorStats> tensors, List<InitVerdict> initializers,
                              List<ModuleGroup> groups) {
    public CheckpointStats {
        tensors = List.copyOf(tensors);
        initializers = List.copyOf(initializers);
        groups = List.copyOf(groups);
    }

    /** Total element count. */
    public long elements() {
        return tensors.stream().mapToLong(TensorStats::count).sum();
    }

    /** The verdicts that say "looks untrained". */
    public List<InitVerdict> untrainedLooking() {
        return initializers.stream().filter(InitVerdict::looksUntrained).toList();
    }

    /** The statistics of {@code key}. */
    public TensorStats get(String key) {
        return tensors.stream().filter(t -> t.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tensor '" + key + "' in " + file));
    }
}
