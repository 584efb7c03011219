package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.Npy;
import dev.parity.io.TraceReader;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path tmp;
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CliRun r = CliRun.of(args); // Main.run: the real error handlers and exit codes
        err.write(r.err());
        return r.code();
    }

    @Test
    void writesTheCandidateTrace() {
        Path out = tmp.resolve("cand");
        assertEquals(0, run("run", SharedData.smallDump().toString(), "--out", out.toString()), err.toString());
        assertTrue(TraceReader.read(out).entries().size() > 900);
    }

    @Test
    void tokenOutsideTheVocabularyExitsWith3() throws Exception {
        Path src = SharedData.smallDump();
        Path dump = tmp.resolve("dump");
        Files.createDirectories(dump.resolve("inputs"));
        dev.parity.TraceCopies.linkTree(src, dump); // hard links: a symlink out of a trace is refused
        Path tokens = dump.resolve("inputs/speech_tokens.npy");
        Files.delete(tokens);
        Npy.write(tokens, Tensor.ofLongs(new Shape(1, 3), 5, 6561, 7));
        assertEquals(3, run("run", dump.toString(), "--out", tmp.resolve("c").toString()));
        String msg = err.toString().trim();
        assertTrue(msg.contains("speech_tokens.npy") && msg.contains("6561 at position 1"), msg);
    }

    @Test
    void recordsEveryCallOfTheModulesAGlobNames() {
        Path out = tmp.resolve("enc");
        assertEquals(0, run("run", SharedData.smallDump().toString(), "--out", out.toString(), "--stage", "flow",
                "--record", "flow.encoder.encoders.**"), err.toString());
        var entries = TraceReader.read(out).entries();
        var modules = entries.stream().filter(e -> e.kind() != dev.parity.io.EntryKind.RNG
                && e.kind() != dev.parity.io.EntryKind.FINAL).map(e -> e.name()).distinct().toList();
        assertTrue(modules.size() > 10, modules.toString());
        assertTrue(modules.stream().allMatch(n -> n.startsWith("flow.encoder.encoders.")), modules.toString());
        assertTrue(entries.stream().anyMatch(e -> e.name().equals("final.mel")));
        assertTrue(entries.stream().anyMatch(e -> e.arg() != null), "named arguments are recorded too");
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, run("run", SharedData.smallDump().toString()));
        assertEquals(2, run("run", SharedData.smallDump().toString(), "--out", tmp.resolve("x").toString(),
                "--stage", "mel"));
        assertEquals(2, run("run", SharedData.smallDump().toString(), "--out", tmp.resolve("y").toString(),
                "--stage", "all", "--inject", "f0"));
        assertEquals(2, run("run", SharedData.smallDump().toString(), "--out", tmp.resolve("z").toString(),
                "--record", "re:flow.("));
        assertEquals(2, run("run", SharedData.smallDump().toString(), "--out", tmp.resolve("w").toString(),
                "--record", "flow.**", "--trace-all"));
    }

    @Test
    void vocoderStageWithInjectedSourceWritesTheVocoderTrace() throws Exception {
        Path out = tmp.resolve("voc");
        assertEquals(0, run("run", SharedData.smallDump().toString(), "--out", out.toString(), "--stage", "vocoder",
                "--inject", "source"));
        var trace = dev.parity.io.TraceReader.read(out);
        assertTrue(trace.entries().stream().allMatch(e -> e.name().startsWith("mel2wav.") || e.name().startsWith("rng.")
                || e.name().equals("final.wav")), "vocoder entries only");
        assertTrue(java.nio.file.Files.size(out.resolve("final.wav")) > 44, "a WAV file is written");
    }

    @Test
    void invalidInputExitsWith3AndNamesTheFile() throws Exception {
        Path dump = tmp.resolve("dump");
        Files.createDirectories(dump);
        Files.writeString(dump.resolve("config.json"), "{ not json");
        assertEquals(3, run("run", dump.toString(), "--out", tmp.resolve("c").toString()));
        String msg = err.toString().trim();
        assertTrue(msg.contains("config.json") && msg.lines().count() == 1, msg);
        assertEquals(3, run("run", tmp.resolve("absent").toString(), "--out", tmp.resolve("d").toString()));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "no-config, config.json",
        "no-weights, weights.safetensors",
        "embedding-shape, embedding.npy",
        "prompt-feat-shape, prompt_feat.npy",
        "prompt-len, prompt_token_len.npy"})
    void badDumpExitsWith3AndNamesTheProblem(String kind, String named) throws Exception {
        Path dump = dev.parity.TraceCopies.copyTree(SharedData.smallDump(), tmp.resolve("dump"));
        Path in = dump.resolve("inputs");
        switch (kind) {
            case "no-config" -> Files.delete(dump.resolve("config.json"));
            case "no-weights" -> Files.delete(dump.resolve("weights.safetensors"));
            case "embedding-shape" -> rewrite(in.resolve("embedding.npy"), Tensor.ofFloats(new Shape(1, 100),
                    new float[100]));
            case "prompt-feat-shape" -> rewrite(in.resolve("prompt_feat.npy"), Tensor.ofFloats(new Shape(1, 8, 64),
                    new float[8 * 64]));
            default -> rewrite(in.resolve("prompt_token_len.npy"), Tensor.ofLongs(new Shape(1), 3));
        }
        assertEquals(3, run("run", dump.toString(), "--out", tmp.resolve("out").toString()), kind);
        String msg = err.toString().trim();
        assertEquals(1, msg.lines().count(), msg);
        assertTrue(msg.contains(named), kind + ": " + msg);
    }

    private static void rewrite(Path f, Tensor t) throws java.io.IOException {
        Files.delete(f);
        Npy.write(f, t);
    }

    @Test
    void feedingTheDecoderFromTheReferenceMuHidesAnEncoderFault() throws Exception {
        Path ref = SharedData.smallDump();
        Path broken = tmp.resolve("broken");
        Path fed = tmp.resolve("fed");
        String fault = "conv-weight-transposed@flow.encoder.pre_lookahead_layer.conv1";
        assertEquals(0, run("run", ref.toString(), "--out", broken.toString(), "--inject-fault", fault), err.toString());
        assertEquals(0, run("run", ref.toString(), "--out", fed.toString(), "--inject-fault", fault, "--feed", "mu"),
                err.toString());
        var r = TraceReader.read(ref);
        var mel = new dev.parity.io.EntryId("final.mel", 0, dev.parity.io.EntryKind.FINAL, null);
        var mu = new dev.parity.io.EntryId("flow.encoder_proj", 0, dev.parity.io.EntryKind.OUT, null);
        assertTrue(relL2(r, TraceReader.read(broken), mel) > 1e-2, "the fault reaches the mel");
        assertEquals(0.0, relL2(r, TraceReader.read(fed), mu), "mu is the reference's, bit for bit");
        assertTrue(relL2(r, TraceReader.read(fed), mel) < 1e-4, "fed from the reference mu, the decoder matches");
    }

    /** A fault at a path where no module computes what it changes did nothing: refused, and no trace is left. */
    @Test
    void aFaultNoModuleReceivesIsRefused() throws Exception {
        Path out = tmp.resolve("unfaulted");
        String fault = "attention-scale-missing@flow.encoder.encoders.0.self_attn"; // a conformer attention
        assertEquals(ExitCodes.BAD_INPUT, run("run", SharedData.smallDump().toString(), "--out", out.toString(),
                "--inject-fault", fault));
        String msg = err.toString().trim();
        assertEquals(1, msg.lines().count(), msg);
        assertTrue(msg.contains("--inject-fault " + fault + ": no module at flow.encoder.encoders.0.self_attn")
                && msg.contains("flow.decoder.estimator.mid_blocks.0.1.0.attn1"), msg);
        assertFalse(Files.exists(out), "the unfaulted trace is not kept");
        Path given = Files.createDirectory(tmp.resolve("given"));
        assertEquals(ExitCodes.BAD_INPUT, run("run", SharedData.smallDump().toString(), "--out", given.toString(),
                "--stage", "vocoder", "--inject-fault", "skip-concat-swapped"));
        assertTrue(err.toString().contains("--inject-fault skip-concat-swapped@flow.decoder.estimator: the run "
                + "never reached flow.decoder.estimator, where skip-concat-swapped goes; the run had no such fault"),
                err.toString());
        assertTrue(Files.isDirectory(given), "an empty directory the user gave stays");
        try (var left = Files.list(given)) {
            assertEquals(0, left.count(), "and stays empty");
        }
    }

    private static double relL2(dev.parity.io.Trace ref, dev.parity.io.Trace cand, dev.parity.io.EntryId id) {
        var tol = dev.parity.compare.Tolerance.DEFAULT;
        return dev.parity.compare.MetricsCalculator.compute(ref.tensor(ref.get(id)), cand.tensor(cand.get(id)), tol)
                .relL2();
    }
}
