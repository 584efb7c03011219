package dev.parity.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrefixSuggesterTest {
    private static Set<String> keys(String... k) {
        return new LinkedHashSet<>(List.of(k));
    }

    @Test
    void twoRulesAreFoundGreedily() {
        Set<String> missing = keys("flow.decoder.estimator.a.weight", "flow.decoder.estimator.b.bias",
                "flow.decoder.estimator.c.0.weight", "mel2wav.conv_pre.bias", "mel2wav.conv_post.bias");
        Set<String> unexpected = keys("decoder.a.weight", "decoder.b.bias", "decoder.c.0.weight",
                "vocoder.conv_pre.bias", "vocoder.conv_post.bias");
        List<PrefixSuggestion> s = PrefixSuggester.suggest(unexpected, missing);
        assertEquals(List.of(new PrefixSuggestion("decoder.", "flow.decoder.estimator.", 3),
                new PrefixSuggestion("vocoder.", "mel2wav.", 2)), s);
    }

    @Test
    void addAndStripPrefix() {
        PrefixSuggestion add = PrefixSuggester.suggest(keys("enc.x.weight", "enc.y.bias"),
                keys("s3gen.enc.x.weight", "s3gen.enc.y.bias")).get(0);
        assertEquals("add-prefix s3gen.", add.rule().toLine());
        assertEquals(2, add.matches());
        PrefixSuggestion strip = PrefixSuggester.suggest(keys("model.enc.x.weight"), keys("enc.x.weight")).get(0);
        assertEquals("strip-prefix model.", strip.rule().toLine());
    }

    @Test
    void aSharedParameterNameOrIndexAlonePairsNothing() {
        assertTrue(PrefixSuggester.suggest(keys("encoder.layers.0.weight", "head.bias"),
                keys("flow.encoder.embed.out.0.weight", "mel2wav.conv_pre.bias")).isEmpty());
    }
}
