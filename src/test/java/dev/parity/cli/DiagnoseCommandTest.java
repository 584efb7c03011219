package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.io.EntryKind;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.ConvKernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parity diagnose} end to end on the shared dumps: exit codes, the first sentence, every report format. */
class DiagnoseCommandTest {
    /** Entries of the bundled {@code s3gen-small-seed1} (and its float64 twin), read from its manifest. */
    private static final int ENTRIES = SharedData.smallDumpEntries();
    private static final Path REF = SharedData.smallDump();
    private static final Path F64 = SharedData.smallDumpF64();

    @TempDir
    Path tmp;

    private Path perturbedFrom(String name, EntryKind kind) throws IOException {
        TraceEntry target = TraceReader.read(REF).entries().stream()
                .filter(e -> e.name().equals(name) && e.call() == 0 && e.kind() == kind && e.arg() == null)
                .findFirst().orElseThrow();
        return TraceCopies.perturbedFrom(REF, tmp.resolve("cand"), target.index());
    }


    @Test
    void float32AgainstFloat64WithTheFloorIsNoDivergenceInEveryFormat() throws IOException {
        Path md = tmp.resolve("d.md");
        Path json = tmp.resolve("d.json");
        Path html = tmp.resolve("d.html");
        long t0 = System.nanoTime();
        CliRun r = CliRun.of("diagnose", REF.toString(), "--candidate", F64.toString(),
                "--tolerance-from", F64.toString(), "--report", md.toString(), "--report", json.toString(),
                "--report", html.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("No divergence: all " + ENTRIES + " aligned entries"), r.out());
        assertTrue(headlineOf(md).startsWith("No divergence:"));
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertTrue(j.get("headline").asText().startsWith("No divergence:"));
        assertEquals(ENTRIES, j.get("passed").asInt());
        assertTrue(Files.readString(html).contains("<p class=\"headline ok\">No divergence:"));
        assertTrue(seconds < 30, "diagnose took " + seconds + " s");
    }

    /**
     * The float64 twin against the float32 dump with the default tolerance diverges by rounding only; the first
     * line says a floor would tell, and with one (above) the same pair passes. An error of a few percent does not.
     */
    @Test
    void withoutAFloorASmallFirstDivergenceSaysItMayBeRounding() throws IOException {
        CliRun r = CliRun.of("diagnose", REF.toString(), "--candidate", F64.toString());
        assertEquals(ExitCodes.DIVERGED, r.code(), r.out() + r.err());
        String first = r.out().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("The problem starts in "), first);
        assertTrue(first.contains(" later entries inherit it. No noise floor was used, and an error this small can be "
                + "float32 rounding"), first);
        CliRun real = CliRun.of("diagnose", REF.toString(), "--candidate",
                perturbedFrom("flow.encoder.encoders.0.self_attn", EntryKind.OUT).toString());
        assertEquals(ExitCodes.DIVERGED, real.code(), real.out() + real.err());
        assertFalse(real.out().contains("No noise floor was used"), real.out());
    }

    @Test
    void divergenceExitsWithOneAndTheFirstSentenceNamesTheModule() throws IOException {
        Path cand = perturbedFrom("flow.encoder.encoders.0.self_attn", EntryKind.OUT);
        Path md = tmp.resolve("d.md");
        Path json = tmp.resolve("d.json");
        CliRun r = CliRun.of("diagnose", REF.toString(), "--candidate", cand.toString(),
                "--tolerance-from", F64.toString(), "--report", md.toString(), "--report", json.toString());
        assertEquals(ExitCodes.DIVERGED, r.code(), r.out() + r.err());
        String first = "The problem starts in flow.encoder.encoders.0.self_attn (call 0, stage flow.encoder): its "
                + "inputs match the reference but its output differs by ";
        assertTrue(r.out().startsWith(first), r.out());
        assertTrue(headlineOf(md).startsWith(first));
        assertTrue(Files.readString(md).contains("## ODE step × module"));
        JsonNode c = new ObjectMapper().readTree(json.toFile()).get("culprit");
        assertEquals("flow.encoder.encoders.0.self_attn", c.get("module").asText());
        assertEquals("MODULE_OUTPUT", c.get("kind").asText());
        assertTrue(c.get("floorRatio").asDouble() > 1000);
    }

    @Test
    void errorInsideAttentionNamesAttn1() throws IOException {
        String attn = "flow.decoder.estimator.mid_blocks.1.1.1.attn1";
        Path cand = perturbedFrom(attn + ".to_out.0", EntryKind.IN);
        CliRun r = CliRun.of("diagnose", REF.toString(), "--candidate", cand.toString());
        assertEquals(ExitCodes.DIVERGED, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("The problem starts inside " + attn + " (call 0, stage flow.decoder): its inputs "
                + "match the reference but the input of " + attn + ".to_out.0 call 0 in already differs"), r.out());
    }

    @Test
    void withoutCandidateTheJavaPipelineRunsAndAnInjectedFaultIsNamed() throws IOException {
        CliRun clean = CliRun.of("diagnose", REF.toString(), "--tolerance-from",
                F64.toString());
        assertEquals(ExitCodes.OK, clean.code(), clean.out() + clean.err());
        assertTrue(clean.out().startsWith("No divergence: all " + ENTRIES + " aligned entries"), clean.out());
        Path md = tmp.resolve("fault.md");
        CliRun r = CliRun.of("diagnose", REF.toString(), "--tolerance-from",
                F64.toString(), "--inject-fault", "time-embedding-sin-cos-swapped", "--keep-run",
                tmp.resolve("run").toString(), "--report", md.toString());
        assertEquals(ExitCodes.DIVERGED, r.code(), r.out() + r.err());
        String first = "The problem starts in flow.decoder.estimator.time_embeddings (call 0, stage flow.decoder): "
                + "its inputs match the reference but its output differs by ";
        assertTrue(r.out().startsWith(first), r.out());
        assertTrue(headlineOf(md).startsWith(first));
        assertTrue(Files.readString(md).contains("innermost failing (local errors): "
                + "flow.decoder.estimator.time_embeddings."), "replay confirms the local error");
        assertTrue(Files.readString(md).contains("| encoder output (flow.encoder call 0 out) |"), "stage swaps");
        assertTrue(Files.isRegularFile(tmp.resolve("run/manifest.json")));
    }

    /** A kernel routed around is named on stderr; stdout's first line stays the finding (defect emulated). */
    @Test
    void aKernelRoutedAroundIsNotedOnStderrAndTheFirstLineStaysTheFinding() {
        ConvKernels.Policy policy = ConvKernels.policy();
        try {
            ConvKernels.configure(ConvKernels.Policy.AUTO, true);
            CliRun r = CliRun.of("diagnose", REF.toString(), "--tolerance-from", F64.toString());
            assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
            assertTrue(r.out().startsWith("No divergence: all " + ENTRIES + " aligned entries"), r.out());
            assertTrue(r.err().contains("Backend check: conv1d (in 18, out 16, k 6, stride 3, pad 1): the direct "
                    + "oneDNN kernel is wrong on this CPU"), r.err());
        } finally {
            ConvKernels.configure(policy, false);
        }
    }

    @Test
    void runWithAnInjectedFaultWritesAFaultyTraceThatDiagnoseAttributes() {
        Path out = tmp.resolve("run");
        CliRun run = CliRun.of("run", REF.toString(), "--out", out.toString(),
                "--stage", "all", "--inject-fault", "skip-concat-swapped");
        assertEquals(ExitCodes.OK, run.code(), run.out() + run.err());
        CliRun d = CliRun.of("diagnose", REF.toString(), "--candidate", out.toString(),
                "--tolerance-from", F64.toString());
        assertEquals(ExitCodes.DIVERGED, d.code());
        assertTrue(d.out().startsWith("The problem starts inside flow.decoder.estimator (call 0"), d.out());
        assertEquals(ExitCodes.USAGE, CliRun.of("run", REF.toString(), "--out", tmp.resolve("x").toString(),
                "--inject-fault", "gain-fix").code());
    }

    /** A fault no module received: the run is the model without it, so there is nothing to diagnose. */
    @Test
    void aFaultThatChangedNothingIsRefused() {
        Path report = tmp.resolve("d.md");
        CliRun d = CliRun.of("diagnose", REF.toString(), "--inject-fault", "attention-mask-inverted@flow.encoder",
                "--report", report.toString());
        assertEquals(ExitCodes.BAD_INPUT, d.code(), d.out() + d.err());
        assertTrue(d.err().contains("--inject-fault attention-mask-inverted@flow.encoder: no module at flow.encoder"),
                d.err());
        assertEquals(1, d.err().lines().filter(l -> l.contains("inject-fault")).count(), d.err());
        assertFalse(Files.exists(report), "no report of a run that was not asked for");
        Path kept = tmp.resolve("kept");
        CliRun k = CliRun.of("diagnose", REF.toString(), "--inject-fault", "attention-mask-inverted@flow.encoder",
                "--keep-run", kept.toString(), "--no-stage-swaps");
        assertEquals(ExitCodes.BAD_INPUT, k.code(), k.out() + k.err());
        assertTrue(k.err().contains("nothing was kept in " + kept), k.err());
        assertFalse(Files.exists(kept), "the kept run's trace is not left behind");
    }

    /** A fault of another model's port cannot act in this one: refused before the Java run, nothing written. */
    @Test
    void aFaultOfAnotherModelIsRefusedBeforeRunning() {
        Path kept = tmp.resolve("kept-t3");
        CliRun d = CliRun.of("diagnose", REF.toString(), "--inject-fault", "rmsnorm-eps", "--keep-run",
                kept.toString());
        assertEquals(ExitCodes.BAD_INPUT, d.code(), d.out() + d.err());
        assertEquals("parity diagnose: --inject-fault rmsnorm-eps@tfmr.layers.0.input_layernorm: rmsnorm-eps is a "
                + "fault of the T3 port, and " + REF + " is an S3Gen dump; nothing was run", d.err().strip());
        assertEquals("", d.out(), "no run, no diagnosis");
        assertFalse(Files.exists(kept), "nothing kept of a run that did not happen");
    }

    @Test
    void badInputExitsWithThree() {
        CliRun missing = CliRun.of("diagnose", REF.toString(), "--candidate",
                tmp.resolve("nope").toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.code());
        assertTrue(missing.err().contains("nope"), missing.err());
        // an unknown report extension is a usage error, as for compare (README: exit 2)
        assertEquals(ExitCodes.USAGE, CliRun.of("diagnose", REF.toString(), "--candidate", REF.toString(),
                "--report", tmp.resolve("r.pdf").toString()).code());
        assertEquals(ExitCodes.USAGE, CliRun.of("diagnose").code());
        assertEquals(ExitCodes.USAGE, CliRun.of("diagnose", REF.toString(), "--candidate", REF.toString(),
                "--inject-fault", "layernorm-eps").code());
    }

    @Test
    void compareWithToleranceFromTheTwinPassesEveryEntryAndStillCatchesAPerturbation() throws IOException {
        CliRun plain = CliRun.of("compare", F64.toString(), REF.toString());
        assertEquals(ExitCodes.DIVERGED, plain.code());
        CliRun floor = CliRun.of("compare", F64.toString(), REF.toString(),
                "--tolerance-from", REF.toString());
        assertEquals(ExitCodes.OK, floor.code(), floor.out());
        assertTrue(floor.out().contains(ENTRIES + " passed, 0 failed"), floor.out());
        Path cand = perturbedFrom("mel2wav.conv_pre", EntryKind.OUT);
        CliRun bad = CliRun.of("compare", REF.toString(), cand.toString(),
                "--tolerance-from", F64.toString());
        assertEquals(ExitCodes.DIVERGED, bad.code());
        assertTrue(bad.out().contains("First divergence: mel2wav.conv_pre call 0 out"), bad.out());
    }

    /** The headline of a Markdown report: the bold paragraph under its title. */
    private static String headlineOf(Path md) throws java.io.IOException {
        String text = Files.readString(md);
        assertTrue(text.startsWith("# "), text);
        String afterTitle = text.substring(text.indexOf("\n\n") + 2);
        assertTrue(afterTitle.startsWith("**"), afterTitle);
        return afterTitle.substring(2);
    }
}
