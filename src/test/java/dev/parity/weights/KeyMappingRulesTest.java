package dev.parity.weights;

import dev.parity.compare.MappingRule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.io.FormatException;
import dev.parity.tensor.Shape;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyMappingRulesTest {
    private static final Path SRC = Path.of("port.map");

    @Test
    void rulesApplyInOrder() {
        KeyMappingRules r = KeyMappingRules.parse(SRC, """
                # MLX port names -> upstream
                  # indented comment
                strip-prefix model.   # MLX module wrapper
                rename\t^decoder\\.(.*)$ => flow.decoder.estimator.$1

                add-prefix s3gen.
                """);
        assertEquals(3, r.rules().size());
        assertEquals("s3gen.flow.decoder.estimator.mid_blocks.0.weight", r.apply("model.decoder.mid_blocks.0.weight"));
        assertEquals("s3gen.mel2wav.conv_pre.bias", r.apply("mel2wav.conv_pre.bias"));
        assertEquals("rename ^decoder\\.(.*)$ => flow.decoder.estimator.$1", r.rules().get(1).toLine());
    }

    @Test
    void layerTypeOverrideWinsOverInference() {
        KeyMappingRules r = KeyMappingRules.parse(SRC, "layer-type \\.upsample\\.\\d+$ => ConvTranspose1d");
        LayerTypes t = new LayerTypes(Map.of("m.upsample.0.weight", new Shape(8, 4, 3),
                "m.conv.weight", new Shape(8, 4, 3)), r);
        assertEquals(LayerType.CONV_TRANSPOSE1D, t.classify("m.upsample.0.weight").type());
        assertEquals(LayerType.CONV_TRANSPOSE1D, t.classify("m.upsample.0.bias").type());
        assertEquals(LayerType.CONV1D, t.classify("m.conv.weight").type());
    }

    @Test
    void suggestedPrefixRuleEscapesTheRegex() {
        MappingRule rule = MappingRule.replacePrefix("a.b$", "x.$1");
        assertEquals("x.$1c", rule.apply("a.b$c"));
        assertEquals("axb$c", rule.apply("axb$c"));
    }

    @Test
    void errorsNameFileLineAndExpectation() {
        FormatException e = assertThrows(FormatException.class, () -> KeyMappingRules.parse(SRC, "\nmove a => b"));
        assertEquals("port.map: line 2: expected rename, strip-prefix, add-prefix or layer-type but found 'move'",
                e.getMessage());
        e = assertThrows(FormatException.class, () -> KeyMappingRules.parse(SRC, "rename a(b => c"));
        assertTrue(e.getMessage().startsWith("port.map: line 1: bad regex 'a(b'"), e.getMessage());
        e = assertThrows(FormatException.class, () -> KeyMappingRules.parse(SRC, "rename ab c"));
        assertEquals("port.map: line 1: expected 'REGEX => REPLACEMENT' but found 'ab c'", e.getMessage());
        e = assertThrows(FormatException.class, () -> KeyMappingRules.parse(SRC, "layer-type x => Conv2d"));
        assertTrue(e.getMessage().contains("unknown layer type 'Conv2d'"), e.getMessage());
        e = assertThrows(FormatException.class, () -> KeyMappingRules.parse(SRC, "strip-prefix"));
        assertEquals("port.map: line 1: 'strip-prefix' needs an argument", e.getMessage());
    }
}
