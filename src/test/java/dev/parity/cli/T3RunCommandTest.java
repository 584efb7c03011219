package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.Npy;
import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.io.TraceReader;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code parity run} on a T3 dump: recognised from its config.json; bad input exits 3 with one line. */
class T3RunCommandTest {
    static final Path T3 = SharedData.dump("t3-small-seed1");
    @TempDir
    Path tmp;
    final StringWriter err = new StringWriter();
    final StringWriter out = new StringWriter();

    private int run(String... args) {
        CliRun r = CliRun.of(args); // Main.run: the real error handlers and exit codes
        out.write(r.out());
        err.write(r.err());
        return r.code();
    }

    @Test
    void aT3DumpRunsTheT3Port() {
        Path cand = tmp.resolve("cand");
        assertEquals(0, run("run", T3.toString(), "--out", cand.toString()), err.toString());
        assertTrue(out.toString().contains("(T3)"), out.toString());
        assertEquals(TraceReader.read(T3).entries().size(), TraceReader.read(cand).entries().size());
    }

    @Test
    void feedingTheConditioningFromTheReferenceHidesAConditioningFault() {
        Path broken = tmp.resolve("broken");
        Path fed = tmp.resolve("fed");
        String fault = "weights-at-init@cond_enc.spkr_enc";
        assertEquals(0, run("run", T3.toString(), "--out", broken.toString(), "--inject-fault", fault), err.toString());
        assertEquals(0, run("run", T3.toString(), "--out", fed.toString(), "--inject-fault", fault, "--feed",
                "conditioning"), err.toString());
        var ref = TraceReader.read(T3);
        var logits = new dev.parity.io.EntryId("speech_head", 0, dev.parity.io.EntryKind.OUT, null);
        var cond = new dev.parity.io.EntryId("cond_enc", 0, dev.parity.io.EntryKind.OUT, null);
        assertTrue(relL2(ref, TraceReader.read(broken), logits) > 1e-2, "the fault reaches the logits");
        assertEquals(0.0, relL2(ref, TraceReader.read(fed), cond), "the conditioning is the reference's");
        assertTrue(relL2(ref, TraceReader.read(fed), logits) < 1e-5, "fed, the backbone matches again");
    }

    private static double relL2(dev.parity.io.Trace ref, dev.parity.io.Trace cand, dev.parity.io.EntryId id) {
        var tol = dev.parity.compare.Tolerance.DEFAULT;
        return dev.parity.compare.MetricsCalculator.compute(ref.tensor(ref.get(id)), cand.tensor(cand.get(id)), tol)
                .relL2();
    }

    @Test
    void usageErrorsExitWith2() {
        String o = tmp.resolve("o").toString();
        assertEquals(2, run("run", T3.toString(), "--out", o, "--sampling", "greedy"));
        assertEquals(2, run("run", T3.toString(), "--out", o, "--flip", "five"));
        assertEquals(2, run("run", T3.toString(), "--out", o, "--stage", "flow"));
    }

    @ParameterizedTest
    @CsvSource({
        "text-id, text_tokens.npy, 704",
        "speech-id, cond_prompt_speech_tokens.npy, 8194",
        "speaker-size, speaker_emb.npy, expected shape",
        "missing-key, speech_head.weight, missing"})
    void badInputExitsWith3AndOneLineNamingTheProblem(String kind, String named, String what) throws Exception {
        Path dump = dev.parity.TraceCopies.copyTree(T3, tmp.resolve("dump"));
        Path in = dump.resolve("inputs");
        switch (kind) {
            case "text-id" -> rewrite(in.resolve("text_tokens.npy"), Tensor.ofLongs(new Shape(2, 3), 255, 704, 0,
                    255, 704, 0));
            case "speech-id" -> rewrite(in.resolve("cond_prompt_speech_tokens.npy"), Tensor.ofLongs(new Shape(1, 2),
                    3, 8194));
            case "speaker-size" -> rewrite(in.resolve("speaker_emb.npy"), Tensor.ofFloats(new Shape(1, 192),
                    new float[192]));
            default -> dropKey(dump.resolve("weights.safetensors"), "speech_head.weight");
        }
        assertEquals(3, run("run", dump.toString(), "--out", tmp.resolve("out").toString()), kind);
        String msg = err.toString().trim();
        assertEquals(1, msg.lines().count(), msg);
        assertTrue(msg.contains(named) && msg.contains(what), kind + ": " + msg);
    }

    private static void rewrite(Path f, Tensor t) throws java.io.IOException {
        Files.delete(f);
        Npy.write(f, t);
    }

    private static void dropKey(Path file, String key) throws java.io.IOException {
        SafetensorsFile sf = Safetensors.open(file);
        Map<String, Tensor> kept = new LinkedHashMap<>();
        for (String k : sf.entries().keySet()) {
            if (!k.equals(key)) {
                Tensor t = sf.tensor(k);
                kept.put(k, Tensor.ofFloats(t.shape(), t.toFloatArray()));
            }
        }
        Files.delete(file);
        Safetensors.write(file, kept, Map.of());
    }
}
