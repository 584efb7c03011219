package dev.parity.weights;

import dev.parity.compare.MappingRule;
import dev.parity.compare.MappingRules;
import dev.parity.io.FormatException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The name rules of {@link MappingRules} (rename, strip-prefix, add-prefix; same file format)
 * plus layer-type overrides for the weight inspector:
 * <pre>
 * layer-type REGEX =&gt; TYPE     keys whose module path contains a REGEX match are of TYPE
 *                              (Conv1d, ConvTranspose1d, Linear, LayerNorm, Embedding, other)
 * </pre>
 * The first matching override wins over the inferred type.
 */
public record KeyMappingRules(MappingRules names, Map<Pattern, LayerType> layerTypes) {
    public KeyMappingRules {
        layerTypes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(layerTypes));
    }

    /** No rules: names map to themselves. */
    public static KeyMappingRules none() {
        return new KeyMappingRules(MappingRules.NONE, Map.of());
    }

    public List<MappingRule> rules() {
        return names.rules();
    }

    /** Applies every name rule in order. */
    public String apply(String name) {
        return names.apply(name);
    }

    /** These rules followed by {@code more}. */
    public KeyMappingRules then(List<? extends MappingRule> more) {
        return new KeyMappingRules(names.then(more), layerTypes);
    }

    /**
     * Reads a mapping file.
     *
     * @throws FormatException naming the file, the line and what was expected
     */
    public static KeyMappingRules read(Path file) {
        Map<Pattern, LayerType> types = new LinkedHashMap<>();
        return new KeyMappingRules(MappingRules.read(file, layerTypes(types)), types);
    }

    /** Parses mapping-file text; {@code source} names it in errors. */
    public static KeyMappingRules parse(Path source, String text) {
        Map<Pattern, LayerType> types = new LinkedHashMap<>();
        return new KeyMappingRules(MappingRules.parse(source, text, layerTypes(types)), types);
    }

    private static MappingRules.Extension layerTypes(Map<Pattern, LayerType> into) {
        return new MappingRules.Extension() {
            @Override
            public List<String> verbs() {
                return List.of("layer-type");
            }

            @Override
            public boolean accept(Path source, String where, String verb, String arg) {
                if (!verb.equals("layer-type")) {
                    return false;
                }
                String[] parts = MappingRules.splitArrow(source, where, arg);
                into.put(MappingRules.regex(source, where, parts[0]),
                        layerType(source, where, parts[1]));
                return true;
            }
        };
    }

    private static LayerType layerType(Path source, String where, String name) {
        try {
            return LayerType.parse(name);
        } catch (IllegalArgumentException e) {
            throw new FormatException(source, where + e.getMessage());
        }
    }
}
