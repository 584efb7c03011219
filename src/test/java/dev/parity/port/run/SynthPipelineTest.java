package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.parity.port.t3.T3Config;
import dev.parity.port.text.TextFrontEnd;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** generate's text input as {@code SynthPipeline} builds it from the front end's ids. */
class SynthPipelineTest {
    @Test
    void textTokensAreTheIdsTwiceBetweenStartAndStop() {
        T3Config.Hp hp = T3Config.englishOnly().hp();
        int[] ids;
        try (TextFrontEnd fe = TextFrontEnd.load(Path.of("src/test/resources/fixtures/text/tokenizer.json"))) {
            ids = fe.tokenize("Hello there.").ids();
        }
        var t = SynthPipeline.textTokens(ids, hp);
        assertArrayEquals(new long[] {2, ids.length + 2}, t.shape().dims());
        long[] row = LongStream.concat(LongStream.concat(LongStream.of(hp.start_text_token()),
                IntStream.of(ids).asLongStream()), LongStream.of(hp.stop_text_token())).toArray();
        assertArrayEquals(LongStream.concat(LongStream.of(row), LongStream.of(row)).toArray(), t.toLongArray());
    }
}
