package dev.parity.weights;

import dev.parity.tensor.Shape;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Infers the layer type of a checkpoint key from its name and the rank of its module's weight.
 *
 * <p>The rule, in order:
 * <ol>
 *   <li>The module path is the key without the {@link WeightNorm#G} suffix (role weight-norm g), without the
 *       {@link WeightNorm#V} suffix (role weight-norm v), or without its last component
 *       ({@code weight}, {@code bias}, anything else = other parameter).</li>
 *   <li>A {@code layer-type} line of the user's mapping file whose regex is found in the module path decides.</li>
 *   <li>A module path ending in {@code ups.N} (HiFT's upsampling stack) is a {@code ConvTranspose1d}.</li>
 *   <li>Otherwise the rank of the module's weight (plain {@code .weight} or weight-norm v) decides:
 *       3 → {@code Conv1d}; 2 → {@code Embedding} when the last component of the module path contains
 *       {@code embedding}, else {@code Linear}; 1 → {@code LayerNorm} (any 1-D scale, e.g. {@code norm1},
 *       {@code after_norm}, {@code block.2}); a module without such a weight → {@code other}.</li>
 * </ol>
 */
public final class LayerTypes {
    private static final Pattern UPS = Pattern.compile("(^|\\.)ups\\.\\d+$");
    private final Map<String, Shape> shapes;
    private final KeyMappingRules rules;

    /**
     * @param shapes every key of the checkpoint with its shape (biases look up their module's weight here)
     */
    public LayerTypes(Map<String, Shape> shapes, KeyMappingRules rules) {
        this.shapes = Map.copyOf(shapes);
        this.rules = rules;
    }

    /** Classifies {@code key}, which need not be in the checkpoint (then only its own name decides). */
    public KeyInfo classify(String key) {
        String module = moduleOf(key);
        ParamRole role = roleOf(key);
        Shape weight = weightShape(module);
        return new KeyInfo(key, module, role, typeOf(module, weight), fanIn(weight));
    }

    /** The module path of a key. */
    public static String moduleOf(String key) {
        String weightNormed = WeightNorm.moduleOf(key);
        if (weightNormed != null) {
            return weightNormed;
        }
        int dot = key.lastIndexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }

    /** The role of a key within its module, from its name alone. */
    public static ParamRole roleOf(String key) {
        if (key.endsWith(WeightNorm.G)) {
            return ParamRole.WEIGHT_NORM_G;
        }
        if (key.endsWith(WeightNorm.V)) {
            return ParamRole.WEIGHT_NORM_V;
        }
        if (key.endsWith(".weight") || key.equals("weight")) {
            return ParamRole.WEIGHT;
        }
        return key.endsWith(".bias") || key.equals("bias") ? ParamRole.BIAS : ParamRole.OTHER;
    }

    private Shape weightShape(String module) {
        Shape w = shapes.get(module.isEmpty() ? "weight" : module + ".weight");
        return w != null || module.isEmpty() ? w : shapes.get(WeightNorm.vKey(module));
    }

    private LayerType typeOf(String module, Shape weight) {
        for (Map.Entry<Pattern, LayerType> e : rules.layerTypes().entrySet()) {
            if (e.getKey().matcher(module).find()) {
                return e.getValue();
            }
        }
        if (UPS.matcher(module).find()) {
            return LayerType.CONV_TRANSPOSE1D;
        }
        int rank = weight == null ? 0 : weight.rank();
        return switch (rank) {
            case 3 -> LayerType.CONV1D;
            case 2 -> lastComponent(module).contains("embedding") ? LayerType.EMBEDDING : LayerType.LINEAR;
            case 1 -> LayerType.LAYER_NORM;
            default -> LayerType.OTHER;
        };
    }

    private static String lastComponent(String module) {
        return module.substring(module.lastIndexOf('.') + 1);
    }

    private static long fanIn(Shape weight) {
        if (weight == null || weight.rank() < 2) {
            return 0;
        }
        long f = weight.dim(1);
        for (int ax = 2; ax < weight.rank(); ax++) {
            f *= weight.dim(ax);
        }
        return f;
    }
}
