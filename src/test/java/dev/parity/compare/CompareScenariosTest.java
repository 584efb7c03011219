package dev.parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.cli.ExitCodes;
import dev.parity.cli.Main;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenarios on candidates built from the shared reference dump. */
class CompareScenariosTest {
    /** Entries of the bundled {@code s3gen-small-seed1} (and its float64 twin), read from its manifest. */
    private static final int ENTRIES = SharedData.smallDumpEntries();
    private static final Path REF = SharedData.smallDump();

    @TempDir
    Path tmp;

    @Test
    void dumpAgainstItselfAlignsAndPassesEveryEntry() {
        Trace ref = TraceReader.read(REF);
        Comparison c = TraceComparator.compare(ref, ref, CompareOptions.defaults());
        assertEquals(ENTRIES, c.referenceEntries());
        assertEquals(ENTRIES, c.aligned());
        assertEquals(ENTRIES, c.passed());
        assertNull(c.firstDivergence());
        assertEquals(0, run("compare", REF.toString(), REF.toString()));
    }

    @Test
    void perturbedModuleAndEverythingAfterIsReportedAtThatModule() throws IOException {
        Trace ref = TraceReader.read(REF);
        TraceEntry target = ref.entries().stream()
                .filter(e -> e.name().equals("flow.encoder.encoders.1.self_attn") && e.kind().label().equals("out"))
                .findFirst().orElseThrow();
        Path cand = TraceCopies.copy(REF, tmp.resolve("cand"), (i, e, t) ->
                i >= target.index() && t.dtype().isFloating() ? shifted(t) : t);
        Comparison c = TraceComparator.compare(ref, TraceReader.read(cand), CompareOptions.defaults());
        assertNotNull(c.firstDivergence());
        assertEquals(target.id(), c.firstDivergence().reference().id());
        String out = runCapturing("compare", REF.toString(), cand.toString());
        assertTrue(out.contains("First divergence: " + target.id()), out);
        assertEquals(ExitCodes.DIVERGED, run("compare", REF.toString(), cand.toString()));
    }

    private static Tensor shifted(Tensor t) {
        double[] v = t.toDoubleArray();
        float[] f = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            f[k] = (float) (v[k] + 1e-2 * (Math.abs(v[k]) + 1));
        }
        return Tensor.ofFloats(t.shape(), f);
    }

    @Test
    void camelCaseNamesAlignFullyWithAMappingFile() throws IOException {
        Set<String> words = new TreeSet<>();
        Path cand = TraceCopies.copy(REF, tmp.resolve("camel"), (i, e, t) -> {
            e.put("name", "port." + camel(e.get("name").asText(), words));
            return t;
        });
        assertTrue(words.size() > 10, "the dump has many snake_case names: " + words);
        Trace ref = TraceReader.read(REF);
        Comparison unmapped = TraceComparator.compare(ref, TraceReader.read(cand), CompareOptions.defaults());
        assertEquals(0, unmapped.aligned());
        assertTrue(unmapped.suggestions().size() > 100, "suggestions by shape and order");
        List<String> rules = new ArrayList<>();
        rules.add("# written by the test: camelCase port names back to upstream snake_case");
        rules.add("strip-prefix port.");
        for (String w : words) {
            rules.add("rename (^|\\.)" + Pattern.quote(camelWord(w)) + "(?=\\.|$|\\() => $1" + w);
        }
        Path map = Files.write(tmp.resolve("map.txt"), rules);
        Comparison c = TraceComparator.compare(ref, TraceReader.read(cand),
                CompareOptions.defaults().withRules(MappingRules.read(map)));
        assertEquals(ENTRIES, c.aligned());
        assertEquals(ENTRIES, c.passed());
        assertEquals(0, run("compare", REF.toString(), cand.toString(), "--map", map.toString()));
    }

    private static String camel(String name, Set<String> words) {
        Matcher m = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)+").matcher(name);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            words.add(m.group());
            m.appendReplacement(sb, camelWord(m.group()));
        }
        return m.appendTail(sb).toString();
    }

    /** {@code snake_case} → {@code snakeCase}. */
    static String camelWord(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return sb.toString();
    }

    @Test
    void transposedTensorIsReportedWithThePermutation() throws IOException {
        Trace ref = TraceReader.read(REF);
        TraceEntry target = ref.entries().stream()
                .filter(e -> e.name().equals("flow.decoder.estimator.down_blocks.0.0") && e.kind().label().equals("out"))
                .findFirst().orElseThrow();
        assertEquals(3, target.shape().rank());
        Path cand = TraceCopies.copy(REF, tmp.resolve("t"), (i, e, t) -> {
            if (i != target.index()) {
                return t;
            }
            Tensor p = t.permute(0, 2, 1);
            var shape = e.putArray("shape");
            for (long d : p.shape().dims()) {
                shape.add(d);
            }
            return p;
        });
        Comparison c = TraceComparator.compare(ref, TraceReader.read(cand), CompareOptions.defaults());
        EntryResult r = c.results().get(target.index());
        assertEquals(EntryStatus.SHAPE_MISMATCH, r.status());
        assertEquals("matches reference after permute(0, 2, 1)", r.finding());
        assertEquals(target.id(), c.firstDivergence().reference().id());
        assertEquals(1351, c.passed());
    }

    static int run(String... args) {
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return Main.run(args);
        } finally {
            System.setOut(old);
        }
    }

    static String runCapturing(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            Main.run(args);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
