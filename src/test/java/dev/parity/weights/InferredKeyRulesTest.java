package dev.parity.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.compare.InferredRule;
import dev.parity.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weights diff} infers its rules with the engine of {@code compare --suggest-map}: Swift/MLX-style keys. */
class InferredKeyRulesTest {
    @TempDir
    Path tmp;

    @Test
    void swiftStyleKeysAllMatchByInferredRules() throws IOException {
        SafetensorsFile ref = Candidates.reference();
        SafetensorsFile cand = Candidates.write(tmp, "swift.safetensors",
                Candidates.renamed(Candidates.copy(ref), InferredKeyRulesTest::swift));
        DiffResult d = CheckpointDiff.diff(ref, cand, KeyMappingRules.none());
        assertTrue(d.missing().isEmpty(), "missing: " + d.missing());
        assertTrue(d.unexpected().isEmpty(), "unexpected: " + d.unexpected());
        assertEquals(ref.names().size(), d.findings().size());
        List<String> lines = d.suggestions().stream().map(r -> r.rule().toLine()).toList();
        assertTrue(lines.contains("rename ^vocoder\\. => mel2wav."), lines.toString());
        assertTrue(lines.contains("rename (^|\\.)downBlocks(?=\\.|$) => $1down_blocks"), lines.toString());
        assertTrue(d.suggestions().stream().allMatch(r -> r.kind() != InferredRule.Kind.NAME), lines.toString());
        assertFalse(d.findings().stream().anyMatch(f -> f.matchedBy() == MatchKind.EXACT
                && !f.refKey().equals(f.candKey())));
    }

    /** {@code flow.decoder.estimator.} → {@code decoder.}, {@code mel2wav.} → {@code vocoder.}, camelCase. */
    private static String swift(String key) {
        String k = key.startsWith("flow.decoder.estimator.") ? "decoder." + key.substring(23)
                : key.startsWith("mel2wav.") ? "vocoder." + key.substring(8) : key;
        Matcher m = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)+").matcher(k);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String w = m.group();
            StringBuilder c = new StringBuilder();
            for (int i = 0; i < w.length(); i++) {
                char ch = w.charAt(i);
                if (ch != '_') {
                    c.append(i > 0 && w.charAt(i - 1) == '_' ? Character.toUpperCase(ch) : ch);
                }
            }
            m.appendReplacement(sb, c.toString());
        }
        return m.appendTail(sb).toString();
    }
}
