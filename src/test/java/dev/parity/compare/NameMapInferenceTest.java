package dev.parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.cli.ExitCodes;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule inference behind {@code compare --suggest-map} and {@code weights diff}. */
class NameMapInferenceTest {
    /** Entries of the bundled {@code s3gen-small-seed1} (and its float64 twin), read from its manifest. */
    private static final int ENTRIES = SharedData.smallDumpEntries();
    private static final Path REF = SharedData.smallDump();

    @TempDir
    Path tmp;

    private static List<NameMapInference.Item> items(String... names) {
        return Arrays.stream(names).map(n -> new NameMapInference.Item(n, "")).toList();
    }

    private static List<String> lines(InferredMap m) {
        return m.rules().stream().map(r -> r.rule().toLine()).toList();
    }

    @Test
    void twoPrefixRulesFromKeys() {
        InferredMap m = NameMapInference.infer(List.of(),
                items("decoder.a.weight", "decoder.b.bias", "decoder.c.0.weight", "vocoder.conv_pre.bias",
                        "vocoder.conv_post.bias"),
                items("flow.decoder.estimator.a.weight", "flow.decoder.estimator.b.bias",
                        "flow.decoder.estimator.c.0.weight", "mel2wav.conv_pre.bias", "mel2wav.conv_post.bias"),
                Map.of());
        assertEquals(List.of("rename ^decoder\\. => flow.decoder.estimator.", "rename ^vocoder\\. => mel2wav."),
                lines(m));
        assertEquals(List.of(3, 2), m.rules().stream().map(InferredRule::matches).toList());
        assertEquals(5, m.explained());
    }

    @Test
    void addAndStripPrefix() {
        InferredMap add = NameMapInference.infer(List.of(), items("enc.x.weight", "enc.y.bias"),
                items("s3gen.enc.x.weight", "s3gen.enc.y.bias"), Map.of());
        assertEquals(List.of("add-prefix s3gen."), lines(add));
        assertEquals("rename prefix '' -> s3gen. would match 2 keys", add.rules().get(0).describe("keys"));
        InferredMap strip = NameMapInference.infer(List.of(), items("model.enc.x.weight"), items("enc.x.weight"),
                Map.of());
        assertEquals(List.of("strip-prefix model."), lines(strip));
    }

    @Test
    void aSharedParameterNameOrIndexAlonePairsNothing() {
        InferredMap m = NameMapInference.infer(List.of(), items("encoder.layers.0.weight", "head.bias"),
                items("flow.encoder.embed.out.0.weight", "mel2wav.conv_pre.bias"), Map.of());
        assertTrue(m.rules().isEmpty(), lines(m).toString());
        assertTrue(m.pairs().isEmpty());
    }

    @Test
    void camelCaseComponentsAndIndexShiftsKeepAlignedNamesIntact() {
        InferredMap m = NameMapInference.infer(List.of("flow.decoder", "mel2wav.conv_pre"),
                items("vocoder.resBlocks.0.convs.1", "vocoder.resBlocks.1.convs.0", "vocoder.resBlocks.1.convs.1"),
                items("mel2wav.resblocks.0.convs.2", "mel2wav.resblocks.1.convs.0", "mel2wav.resblocks.1.convs.2"),
                Map.of("vocoder.resBlocks.0.convs.1", "mel2wav.resblocks.0.convs.2", // as execution order pairs them
                        "vocoder.resBlocks.1.convs.1", "mel2wav.resblocks.1.convs.2"));
        MappingRules rules = new MappingRules(m.mappingRules());
        assertEquals("mel2wav.resblocks.0.convs.2", rules.apply("vocoder.resBlocks.0.convs.1"));
        assertEquals("mel2wav.resblocks.1.convs.0", rules.apply("vocoder.resBlocks.1.convs.0"));
        assertEquals("flow.decoder", rules.apply("flow.decoder"));
        assertEquals("mel2wav.conv_pre", rules.apply("mel2wav.conv_pre"));
        assertEquals(5, m.explained());
        assertTrue(lines(m).contains("rename (^|\\.)resBlocks(?=\\.|$) => $1resblocks"), lines(m).toString());
    }

    /** The candidate: a Swift/MLX-style port's names for the bundled dump. */
    @Test
    void swiftStyleRenamingAlignsFullyWithTheSuggestedMapUnedited() throws IOException {
        Path cand = TraceCopies.copy(REF, tmp.resolve("swift"), (i, e, t) -> {
            e.put("name", swiftName(e.get("name").asText()));
            return t;
        });
        Trace ref = TraceReader.read(REF);
        Trace c = TraceReader.read(cand);
        assertEquals("decoder.downBlocks.0.1.0.attn1", swiftName("flow.decoder.estimator.down_blocks.0.1.0.attn1"));
        assertEquals("flow.inputEmbedding", swiftName("flow.input_embedding"));
        Comparison before = TraceComparator.compare(ref, c, CompareOptions.defaults());
        assertTrue(before.aligned() < 100, "few names survive the renaming: " + before.aligned());

        Path map = tmp.resolve("suggested.map");
        String out = runCapturing("compare", REF.toString(), cand.toString(), "--suggest-map", map.toString());
        assertTrue(out.contains("Suggested map: " + map), out);
        assertTrue(out.contains(ENTRIES + " of " + ENTRIES + " entries align"), out);
        assertTrue(out.contains("Re-run: parity compare " + REF + " " + cand + " --map " + map), out);
        String text = Files.readString(map);
        assertTrue(text.contains("rename ^vocoder\\. => mel2wav."), text);
        assertTrue(text.contains("rename ^decoder(?=\\.|$) => flow.decoder.estimator"), text);
        assertTrue(text.contains("rename (^|\\.)downBlocks(?=\\.|$) => $1down_blocks"), text);
        assertTrue(!text.contains("# single names"), "general rules explain every name:\n" + text);

        Comparison after = TraceComparator.compare(ref, c, CompareOptions.defaults().withRules(MappingRules.read(map)));
        assertEquals(ENTRIES, after.aligned());
        assertEquals(ENTRIES, after.passed());
        assertEquals(0, run("compare", REF.toString(), cand.toString(), "--map", map.toString()));
    }

    @Test
    void suggestMapRefusesToOverwriteTheMapItStartsFrom() throws IOException {
        Path map = Files.writeString(tmp.resolve("mine.map"), "strip-prefix port.\n");
        assertEquals(ExitCodes.USAGE, run("compare", REF.toString(), REF.toString(), "--map", map.toString(),
                "--suggest-map", map.toString()));
        assertEquals("strip-prefix port.\n", Files.readString(map));
    }

    /** {@code flow.decoder.estimator.X} → {@code decoder.X}, {@code mel2wav.X} → {@code vocoder.X}, camelCase. */
    static String swiftName(String name) {
        String n = name;
        if (n.equals("flow.decoder.estimator") || n.startsWith("flow.decoder.estimator.")) {
            n = "decoder" + n.substring("flow.decoder.estimator".length());
        } else if (n.equals("mel2wav") || n.startsWith("mel2wav.")) {
            n = "vocoder" + n.substring("mel2wav".length());
        }
        Matcher m = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)+").matcher(n);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, CompareScenariosTest.camelWord(m.group()));
        }
        return m.appendTail(sb).toString();
    }

    private static int run(String... args) {
        return CompareScenariosTest.run(args);
    }

    private static String runCapturing(String... args) {
        return CompareScenariosTest.runCapturing(args);
    }
}
