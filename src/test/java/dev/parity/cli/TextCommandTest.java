package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

    private static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new String[] {String.valueOf(code), o.toString(StandardCharsets.UTF_8),
                e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void printsTheNormalisedTextAndTheIdsOfTheFixture() throws Exception {
        JsonNode c = new ObjectMapper().readTree(DIR.resolve("front_end_cases.json").toFile()).get("cases").get(1);
        String ids = StreamSupport.stream(c.get("ids").spliterator(), false).map(JsonNode::asText)
                .collect(Collectors.joining(" "));
        String[] r = run("text", DIR.resolve("tokenizer.json").toString(), c.get("text").asText());
        assertEquals("0", r[0], r[2]);
        assertEquals("normalized: " + c.get("punc_norm").asText() + "\nids (" + c.get("ids").size() + "): " + ids
                + "\n", r[1].replace("\r\n", "\n"));
    }

    @Test
    void aBrokenTokenizerIsOneLineAndExit3() throws Exception {
        Path bad = Files.writeString(tmp.resolve("tokenizer.json"), "not json");
        String[] r = run("text", bad.toString(), "Hello");
        assertEquals("3", r[0]);
        assertEquals(1, r[2].lines().count(), r[2]);
        assertTrue(r[2].contains(bad.toString()), r[2]);
    }
}
