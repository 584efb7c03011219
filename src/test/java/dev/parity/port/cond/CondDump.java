package dev.parity.port.cond;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.SharedData;
import dev.parity.TraceCopies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code reference-dumps/cond-small-seed1} for tests. Its trace holds 9 complex64 entries (the tokenizer's
 * {@code freqs_cis} and {@code librosa.stft()}); until the trace reader accepts complex dtypes, tests use a copy
 * without them (everything else byte-identical).
 */
public final class CondDump {
    public static final String NAME = "cond-small-seed1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CondDump() {
    }

    public static Path original() {
        return SharedData.dump(NAME);
    }

    /** A copy of the dump in {@code dir} whose manifest lists no complex entries. */
    public static Path readable(Path dir) throws IOException {
        Path src = original();
        TraceCopies.copyTree(src, dir);
        ObjectNode doc = (ObjectNode) JSON.readTree(src.resolve("manifest.json").toFile());
        ArrayNode kept = JSON.createArrayNode();
        Set<String> files = new HashSet<>();
        for (var e : doc.get("entries")) {
            if (!e.get("dtype").asText().startsWith("complex")) {
                kept.add(e);
                files.add(e.get("file").asText());
            }
        }
        doc.set("entries", kept);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("manifest.json").toFile(), doc);
        return dir;
    }
}
