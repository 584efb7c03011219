package dev.parity.port.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeightsTest {
    private static Tensor zeros(long... shape) {
        return Tensor.ofFloats(new Shape(shape), new float[(int) new Shape(shape).numel()]);
    }

    @Test
    void missingAndMisShapedKeysAreNamedWithShapes() {
        Map<String, Tensor> ckpt = new LinkedHashMap<>();
        ckpt.put("a.weight", zeros(3, 2));
        ckpt.put("a.bias", zeros(4));
        ckpt.put("tokenizer.x", zeros(1));
        try (NDManager m = Torch.newManager()) {
            Weights w = Weights.of("ckpt", ckpt, m);
            new Linear("a", w, 2, 3);
            new Linear("b", w, 2, 3, false);
            WeightLoadException e = assertThrows(WeightLoadException.class, w::finish);
            assertTrue(e.getMessage().contains("a.bias: expected [3], found [4]"), e.getMessage());
            assertTrue(e.getMessage().contains("b.weight [3, 2]"), e.getMessage());
            assertEquals(List.of("a.bias", "tokenizer.x"), e.unused());
            assertEquals(Set.of("a.weight"), w.usedKeys());
        }
    }

    @Test
    void prefixRuleIsSuggested() {
        List<String> missing = List.of("flow.decoder.estimator.a.weight", "flow.decoder.estimator.b.0.bias",
                "flow.decoder.estimator.b.1.bias");
        List<String> unused = List.of("flow.decoder.a.weight", "flow.decoder.b.0.bias", "flow.decoder.b.1.bias",
                "tokenizer.a.weight");
        PrefixRule r = PrefixRule.suggest(missing, unused);
        assertEquals("rename prefix 'flow.decoder.' -> 'flow.decoder.estimator.' would match 3 keys", r.toString());
    }

    @Test
    void noRuleWhenNothingAligns() {
        assertEquals(null, PrefixRule.suggest(List.of("a.weight"), List.of("tokenizer.bias")));
    }
}
