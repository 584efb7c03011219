package dev.parity.weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Matched weight tensors (plain weights and weight-norm v / fused weights) of one layer type, counted by the layout
 * the candidate stores them in ({@link Layout#REFERENCE} for the reference's own layout).
 */
public record TypeSummary(LayerType type, int weights, Map<String, Integer> byLayout) {
    public TypeSummary {
        byLayout = Collections.unmodifiableMap(new LinkedHashMap<>(byLayout));
    }

    /** {@code 347 Conv1d: 346 MLX layout [out,k,in], 1 PyTorch layout}. */
    public String describe() {
        return weights + " " + type + ": " + byLayout.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }
}
