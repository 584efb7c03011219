package dev.parity.port.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.io.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text front end against fixtures/text (written by make_text_fixture.py from upstream's rules). */
class TextFrontEndTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures/text");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static JsonNode cases() throws IOException {
        return JSON.readTree(DIR.resolve("front_end_cases.json").toFile()).get("cases");
    }

    @Test
    void puncNormFollowsUpstreamOnEveryCase() throws IOException {
        for (JsonNode c : cases()) {
            assertEquals(c.get("punc_norm").asText(), PuncNorm.apply(c.get("text").asText()), c.get("text").asText());
        }
    }

    @Test
    void idsEqualThePythonReimplementationOfTheTokenizer() throws IOException {
        int n = 0;
        try (TextFrontEnd fe = TextFrontEnd.load(DIR.resolve("tokenizer.json"))) {
            for (JsonNode c : cases()) {
                int[] expected = JSON.convertValue(c.get("ids"), int[].class);
                TextFrontEnd.Tokens t = fe.tokenize(c.get("text").asText());
                assertEquals(c.get("punc_norm").asText(), t.normalized());
                assertArrayEquals(expected, t.ids(), c.get("text").asText());
                n = Math.max(n, expected.length);
            }
        }
        assertTrue(n > 512, "a long text is not truncated: " + n);
    }

    @Test
    void specialTokensHaveTheirT3Ids() {
        try (EnTokenizer t = EnTokenizer.load(DIR.resolve("tokenizer.json"))) {
            assertEquals(255, t.idOf(EnTokenizer.SOT), "T3's start_text_token");
            assertEquals(0, t.idOf(EnTokenizer.EOT), "T3's stop_text_token");
            assertEquals(-1, t.idOf("not-a-token"));
            assertArrayEquals(new int[] {2}, t.encode(" "));
        }
    }

    @Test
    void aVocabularyWithoutStartIsRejectedNamingTheFile() throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(DIR.resolve("tokenizer.json").toFile());
        ((ObjectNode) doc.get("model").get("vocab")).remove(EnTokenizer.SOT);
        var added = doc.withArray("added_tokens");
        for (int i = added.size() - 1; i >= 0; i--) {
            if (added.get(i).get("content").asText().equals(EnTokenizer.SOT)) {
                added.remove(i);
            }
        }
        Path bad = tmp.resolve("tokenizer.json");
        JSON.writeValue(bad.toFile(), doc);
        FormatException e = assertThrows(FormatException.class, () -> EnTokenizer.load(bad));
        assertEquals(bad, e.file());
        assertTrue(e.problem().contains("[START]"), e.problem());
    }

    @Test
    void aFileThatIsNoTokenizerIsRejectedNamingTheFile() throws IOException {
        Path bad = Files.writeString(tmp.resolve("tokenizer.json"), "{\"model\": 3}");
        FormatException e = assertThrows(FormatException.class, () -> EnTokenizer.load(bad));
        assertEquals(bad, e.file());
        Path none = tmp.resolve("absent.json");
        assertEquals(none, assertThrows(FormatException.class, () -> EnTokenizer.load(none)).file());
    }
}
