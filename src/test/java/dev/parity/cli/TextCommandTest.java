package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parity text} on the fixture tokenizer (fixtures/text, written by make_text_fixture.py). */
class TextCommandTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures/text");

    @TempDir
    Path tmp;

    @Test
    void printsTheNormalisedTextAndTheIdsOfTheFixture() throws Exception {
        JsonNode c = new ObjectMapper().readTree(DIR.resolve("front_end_cases.json").toFile()).get("cases").get(1);
        String ids = StreamSupport.stream(c.get("ids").spliterator(), false).map(JsonNode::asText)
                .collect(Collectors.joining(" "));
        CliRun r = CliRun.of("text", DIR.resolve("tokenizer.json").toString(), c.get("text").asText());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals("normalized: " + c.get("punc_norm").asText() + "\nids (" + c.get("ids").size() + "): " + ids
                + "\n", r.out().replace("\r\n", "\n"));
    }

    @Test
    void aBrokenTokenizerIsOneLineAndExit3() throws Exception {
        Path bad = Files.writeString(tmp.resolve("tokenizer.json"), "not json");
        CliRun r = CliRun.of("text", bad.toString(), "Hello");
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(bad.toString()), r.err());
    }
}
