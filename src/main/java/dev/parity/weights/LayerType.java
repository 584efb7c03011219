package dev.parity.weights;

import java.util.Locale;

/** The module class a checkpoint tensor belongs to, as far as its layout and initializer are concerned. */
public enum LayerType {
    /** {@code nn.Conv1d}: weight {@code [out, in, k]} in PyTorch, {@code [out, k, in]} in MLX. */
    CONV1D("Conv1d"),
    /** {@code nn.ConvTranspose1d}: weight {@code [in, out, k]} in PyTorch, {@code [out, k, in]} in MLX. */
    CONV_TRANSPOSE1D("ConvTranspose1d"),
    /** {@code nn.Linear}: weight {@code [out, in]}. */
    LINEAR("Linear"),
    /** {@code nn.LayerNorm} (or another normalization with a 1-D scale): weight and bias {@code [C]}. */
    LAYER_NORM("LayerNorm"),
    /** {@code nn.Embedding}: weight {@code [num, dim]}. */
    EMBEDDING("Embedding"),
    /** Anything else: free parameters such as Snake {@code alpha} or {@code pos_bias_u}. */
    OTHER("other");

    private final String upstreamName;

    LayerType(String upstreamName) {
        this.upstreamName = upstreamName;
    }

    /** Parses a PyTorch class name or enum name, case-insensitively ({@code ConvTranspose1d}, {@code linear}). */
    public static LayerType parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace("_", "");
        for (LayerType t : values()) {
            if (t.upstreamName.toLowerCase(Locale.ROOT).equals(n) || t.name().toLowerCase(Locale.ROOT)
                    .replace("_", "").equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown layer type '" + name + "' (expected one of Conv1d, "
                + "ConvTranspose1d, Linear, LayerNorm, Embedding, other)");
    }

    @Override
    public String toString() {
        return upstreamName;
    }
}
