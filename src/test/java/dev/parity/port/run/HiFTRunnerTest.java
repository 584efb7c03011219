package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.EntryKind;
import dev.parity.io.Npy;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.hift.Metrics;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole vocoder against the small reference dump, entry by entry. */
class HiFTRunnerTest {
    private static Trace reference;
    private static HiFTRunner runner;
    private static float[] refWav;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() {
        reference = TraceReader.read(SharedData.smallDump());
        runner = HiFTRunner.open(SharedData.smallDump());
        refWav = Npy.read(SharedData.smallDump().resolve("outputs/wav.npy")).toFloatArray();
    }

    @AfterAll
    static void close() {
        runner.close();
    }

    record Row(TraceEntry entry, Metrics m) {
    }

    /** Every float mel2wav.* entry of the reference, compared with the candidate entry of the same identity. */
    static List<Row> compare(Trace candidate) {
        List<Row> rows = new ArrayList<>();
        for (TraceEntry e : reference.entries()) {
            if (!(e.name().startsWith("mel2wav.") || e.name().startsWith("rng.")) || !e.dtype().isFloating()) {
                continue;
            }
            if (e.name().startsWith("rng.") && "cfm_z".equals(e.arg())) {
                continue; // drawn by the flow, not the vocoder
            }
            TraceEntry c = candidate.get(e.id());
            assertNotNull(c, "candidate trace lacks " + e.id());
            Tensor want = reference.tensor(e);
            Tensor got = candidate.tensor(c);
            assertEquals(want.shape(), got.shape(), e.id() + " shape");
            rows.add(new Row(e, Metrics.of(got.toFloatArray(), want.toFloatArray())));
        }
        return rows;
    }

    /** The reference's vocoder entries appear in the candidate in the same execution order. */
    static void assertSameOrder(List<Row> rows, Trace candidate) {
        int last = -1;
        for (Row r : rows) {
            int at = candidate.get(r.entry().id()).index();
            assertTrue(at > last, r.entry().id() + " is out of execution order in the candidate");
            last = at;
        }
    }

    static void printWorst(String title, List<Row> rows) {
        System.out.println(title + ": " + rows.size() + " entries; worst by relative L2:");
        rows.stream().sorted(Comparator.comparingDouble((Row r) -> r.m().relL2()).reversed()).limit(8)
                .forEach(r -> System.out.println("  " + r.entry().id() + "  " + r.m()));
    }

    @Test
    void injectedReferenceF0AndSourceReproducesEveryEntry() throws IOException {
        HiFTRunner.Result res = runner.run(tmp.resolve("cand"), HiFTRunner.Injection.F0_AND_SOURCE);
        Trace candidate = TraceReader.read(res.traceDir());
        List<Row> rows = compare(candidate);
        assertSameOrder(rows, candidate);
        assertNotNull(candidate.get(new dev.parity.io.EntryId("final.wav", 0, EntryKind.FINAL, null)));
        printWorst("injected f0+source", rows);
        for (Row r : rows) {
            assertTrue(r.m().within(1e-4, 1e-5), r.entry().id() + " " + r.m());
        }
        Metrics wav = Metrics.of(res.wav(), refWav);
        System.out.println("injected f0+source final wav vs outputs/wav.npy: " + wav + "  (" + res.seconds() + " s)");
        assertTrue(wav.maxAbs() <= 1e-4, "wav " + wav);
        assertTrue(Files.size(res.wavFile()) == 44 + 2L * refWav.length);
    }

    @Test
    void injectedReferenceF0Only() throws IOException {
        HiFTRunner.Result res = runner.run(tmp.resolve("cand"), HiFTRunner.Injection.F0);
        List<Row> rows = compare(TraceReader.read(res.traceDir()));
        printWorst("injected f0 only", rows);
        Metrics wav = Metrics.of(res.wav(), refWav);
        System.out.println("injected f0 only final wav: " + wav);
        for (Row r : rows) {
            assertTrue(r.m().within(1e-4, 1e-5), r.entry().id() + " " + r.m());
        }
        assertTrue(wav.maxAbs() <= 1e-4, "wav " + wav);
    }

    @Test
    void melAndDrawsOnly() throws IOException {
        HiFTRunner.Result res = runner.run(tmp.resolve("cand"), HiFTRunner.Injection.NONE);
        List<Row> rows = compare(TraceReader.read(res.traceDir()));
        printWorst("mel + recorded draws only", rows);
        rows.stream().filter(r -> r.entry().name().equals("mel2wav.f0_predictor")
                || r.entry().name().equals("mel2wav.m_source.l_sin_gen"))
                .forEach(r -> System.out.println("  " + r.entry().id() + "  " + r.m()));
        float[] wav = res.wav();
        Metrics m = Metrics.of(wav, refWav);
        System.out.println("mel + recorded draws only (own f0): final wav " + m);
        Path f64 = SharedData.smallDumpF64().resolve("outputs/wav.npy");
        if (Files.exists(f64)) { // noise floor: the float32 reference itself is 1.9e-4 from float64 here
            System.out.println("  same vs float64 twin: " + Metrics.of(wav, Npy.read(f64).toFloatArray())
                    + "; float32 reference vs twin: " + Metrics.of(refWav, Npy.read(f64).toFloatArray()));
        }
        assertTrue(m.relL2() <= 1e-3, "wav " + m);
    }

    /** Whole S3Gen (the flow's mel, not the reference's) with this vocoder plugged into ReferenceRun. */
    @Test
    void wholePipelineThroughReferenceRun() {
        Path out = tmp.resolve("all");
        ReferenceRun.run(SharedData.smallDump(), out,
                new ReferenceRun.Options(ReferenceRun.Stage.ALL, true, HiFTGenerator::create));
        Trace candidate = TraceReader.read(out);
        List<Row> rows = compare(candidate);
        printWorst("whole pipeline (flow mel -> vocoder)", rows);
        Tensor wav = candidate.tensor(candidate.get(new dev.parity.io.EntryId("final.wav", 0, EntryKind.FINAL,
                null)));
        Metrics m = Metrics.of(wav.toFloatArray(), refWav);
        System.out.println("whole pipeline final.wav: " + m);
        assertTrue(m.relL2() <= 1e-3, "wav " + m);
    }

    /** The mel given by the caller (here the dump's outputs/mel.npy, the flow's output) instead of the trace's. */
    @Test
    void melFromFlowOutputs() {
        Tensor mel = Npy.read(SharedData.smallDump().resolve("outputs/mel.npy")); // (1, 80, 16)
        Metrics m = Metrics.of(runner.runInMemory(HiFTRunner.Injection.F0_AND_SOURCE, mel), refWav);
        System.out.println("outputs/mel.npy, f0+source injected: final wav " + m);
        assertTrue(m.maxAbs() <= 1e-4, "wav " + m);
        Tensor bad = Tensor.ofFloats(new dev.parity.tensor.Shape(1, 64, 16), new float[64 * 16]);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> runner.runInMemory(HiFTRunner.Injection.NONE, bad));
        assertTrue(e.getMessage().contains("(B, 80, T)"), e.getMessage());
    }

    /** The load audit sees exactly the checkpoint's mel2wav.* keys, with the stored values. */
    @Test
    void loadedParametersAreTheCheckpointsVocoderKeys() {
        dev.parity.io.SafetensorsFile f = dev.parity.io.Safetensors.open(
                SharedData.smallDump().resolve("weights.safetensors"));
        java.util.Set<String> vocoderKeys = new java.util.TreeSet<>();
        f.names().stream().filter(k -> k.startsWith("mel2wav.")).forEach(vocoderKeys::add);
        assertEquals(vocoderKeys, new java.util.TreeSet<>(runner.usedKeys()));
        java.util.Map<String, Tensor> held = runner.loadedParameters();
        for (String k : List.of("mel2wav.conv_pre.parametrizations.weight.original1", "mel2wav.ups.2.bias",
                "mel2wav.resblocks.8.activations2.2.alpha", "mel2wav.m_source.l_linear.weight")) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(f.tensor(k).toFloatArray(),
                    held.get(k).toFloatArray(), k);
        }
    }
}
