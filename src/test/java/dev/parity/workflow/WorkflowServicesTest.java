package dev.parity.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.compare.MappingRules;
import dev.parity.io.EntryKind;
import dev.parity.io.FormatException;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workflow services on the bundled dumps, without running the port: checks before work, a given candidate. */
class WorkflowServicesTest {
    private static final Path REF = SharedData.smallDump();
    static final String FAULTY = "flow.decoder.estimator.down_blocks.0.0.block1";

    @TempDir
    Path tmp;

    private RunService.Request run(RunService.Stage stage, List<String> feeds, List<String> record, String precision) {
        return new RunService.Request(REF, tmp.resolve("out"), stage, RunService.Injection.NONE, feeds, false, record,
                List.of(), precision);
    }

    @Test
    void runOptionsThatDoNotGoTogetherAreRefusedBeforeAnyWork() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunService.prepare(run(RunService.Stage.VOCODER,
                List.of("mel"), List.of(), "float32"))).getMessage().contains("--feed goes with --stage all or flow"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunService.prepare(run(RunService.Stage.VOCODER,
                List.of(), List.of(), "float64"))).getMessage().contains("--precision float64"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunService.prepare(run(RunService.Stage.ALL,
                List.of("decoder"), List.of(), "float32"))).getMessage().contains("decoder"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunService.prepare(run(RunService.Stage.VOCODER,
                List.of(), List.of("flow.**"), "float32"))).getMessage().contains("--record goes with"));
        assertFalse(Files.exists(tmp.resolve("out")));
        RunService.Job job = RunService.prepare(run(RunService.Stage.FLOW, List.of("mu"), List.of(), "float32"));
        assertFalse(job.isT3());
        assertTrue(RunService.prepare(run(RunService.Stage.ALL, List.of(), List.of(), "float32")) != null);
        assertTrue(RunService.prepare(new RunService.Request(SharedData.dump("t3-small-seed1"), tmp.resolve("t3"),
                RunService.Stage.ALL, RunService.Injection.NONE, List.of("embeds"), false, List.of(), List.of(),
                "float32")).isT3());
    }

    @Test
    void theFeedBoundariesNameTheModulesWhoseOutputIsFed() {
        assertEquals("flow.encoder_proj", RunService.boundary("mu").module());
        assertEquals("mel2wav.m_source", RunService.boundary("source").module());
        assertEquals("t3.prepare_input_embeds()", RunService.boundary("embeds").module());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunService.boundary("decoder")).getMessage()
                .startsWith("--feed: "));
        TraceEntry mu = TraceReader.read(REF).entries().stream()
                .filter(e -> e.name().equals(RunService.boundary("mu").module()) && e.kind() == EntryKind.OUT)
                .findFirst().orElseThrow();
        assertEquals(0, mu.call());
    }

    @Test
    void aGivenCandidateIsDiagnosedWithoutAJavaRunAndItsCulpritNamed() throws IOException {
        TraceEntry target = TraceReader.read(REF).entries().stream().filter(e -> e.name().equals(FAULTY)
                && e.call() == 0 && e.kind() == EntryKind.OUT && e.arg() == null).findFirst().orElseThrow();
        Path cand = TraceCopies.perturbedFrom(REF, tmp.resolve("cand"), target.index());
        DiagnoseService.Job job = DiagnoseService.prepare(DiagnoseService.Request.of(REF, cand, null, MappingRules.NONE));
        assertTrue(job.inputs().reason(cand.resolve("manifest.json"), "--report") != null, "the candidate is an input");
        DiagnoseService.Outcome o = job.run();
        assertFalse(o.javaRun());
        assertTrue(o.diagnosis().diverged());
        assertNotNull(o.diagnosis().culprit());
        assertEquals(FAULTY, o.diagnosis().culprit().module());
        assertEquals("Diagnosis: s3gen-small-seed1 vs cand", o.title());
        assertTrue(o.diagnosis().stageSwaps().isEmpty() && o.diagnosis().replays().isEmpty(),
                "no stage swaps or replay without the Java run");
    }

    @Test
    void faultsGoWithTheJavaRunAndAnUnfinishedCandidateIsRefused() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> DiagnoseService.prepare(new DiagnoseService.Request(REF,
                SharedData.smallDumpF64(), List.of("conv-weight-transposed"), true, null, null, false,
                MappingRules.NONE)));
        Path cand = TraceCopies.copyTree(SharedData.smallDumpF64(), tmp.resolve("unfinished"));
        Path manifest = cand.resolve("manifest.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(manifest.toFile());
        json.writeValue(manifest.toFile(), m.put("complete", false));
        assertThrows(FormatException.class, () -> DiagnoseService.prepare(DiagnoseService.Request.of(REF, cand, null,
                MappingRules.NONE)));
    }

    @Test
    void theDemoReplacesOnlyItsOwnOutput() throws IOException {
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("keep.txt"), "not the demo's");
        FormatException e = assertThrows(FormatException.class, () -> DemoService.prepare(foreign));
        assertTrue(e.getMessage().contains("was not made by 'parity demo'"), e.getMessage());
        assertTrue(Files.exists(foreign.resolve("keep.txt")));
        Path own = tmp.resolve("demo");
        DemoService.prepare(own);
        Files.writeString(own.resolve("old.txt"), "from the last run");
        DemoService.prepare(own);
        assertFalse(Files.exists(own.resolve("old.txt")));
        assertTrue(Files.exists(own.resolve(DemoService.MARKER)));
    }

}
