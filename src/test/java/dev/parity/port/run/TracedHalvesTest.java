package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.compare.MetricsCalculator;
import dev.parity.compare.Tolerance;
import dev.parity.io.Npy;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.io.TraceWriter;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.TraceFilter;
import dev.parity.port.nn.TraceSettings;
import dev.parity.port.nn.TraceSink;
import dev.parity.port.nn.TraceWriterSink;
import dev.parity.port.s3gen.CausalConditionalCFM;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A traced run on two libtorch threads with {@code parity.cfg=halves} computes the CFG halves side by side and
 * records them as upstream's batch of two: the same entries in the same order, with the same shapes and the same
 * shared files as the batch of two computed as one ({@code parity.cfg=batched}), their values equal up to float32
 * rounding, and the mel within the flow parity tolerance of the reference dump's. The bundled dump's model runs on
 * one thread unless made to run on two, as here (a budget of two threads, whatever the machine's load). Through a
 * filter that keeps every entry ({@code --record '**'}) the halves are recorded as without one. By default
 * ({@code auto}) a traced run computes the halves where its trace of every call goes to a disk, not where the trace
 * is held in memory (tmpfs).
 */
class TracedHalvesTest {
    @TempDir
    Path tmp;

    private static Trace traced(S3GenPipeline p, ReferenceDump dump, Path dir, boolean throughFilter) {
        try {
            TraceWriter w = TraceWriter.create(dir, Map.of("name", "TracedHalvesTest"), null);
            try (TraceWriterSink sink = new TraceWriterSink(w, 256 << 10)) {
                TraceSink s = throughFilter ? new TraceFilter(sink, TraceSettings.modules(List.of("**"))) : sink;
                p.run(dump.inputs(), dump.nTimesteps(), dump.noise(), RunContext.traced(s));
                sink.finish();
            }
            return TraceReader.read(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void halvesAreRecordedAsTheBatchOfTwo() throws Exception {
        ReferenceDump dump = ReferenceDump.open(SharedData.smallDump());
        Tensor want = Npy.read(SharedData.smallDump().resolve("outputs/mel.npy"));
        Trace batched;
        Trace halves;
        Trace filtered; // --record '**': the same halves through a filter that keeps every entry
        try (S3GenPipeline p = S3GenPipeline.loadFlow(dump.flowConfig(), dump.weights())) {
            int budget = Torch.setBudget(2); // even on a busy machine
            Torch.fitTo(Long.MAX_VALUE); // two threads, as a full-size model gets
            try {
                batched = CfgHalvesTest.withCfg("batched", () -> traced(p, dump, tmp.resolve("batched"), false));
                halves = CfgHalvesTest.withCfg("halves", () -> traced(p, dump, tmp.resolve("halves"), false));
                filtered = CfgHalvesTest.withCfg("halves", () -> traced(p, dump, tmp.resolve("filtered"), true));
            } finally {
                Torch.setBudget(budget);
                Torch.fitTo(0); // the bundled model's one thread again
            }
        }
        List<TraceEntry> b = batched.entries();
        List<TraceEntry> h = halves.entries();
        assertEquals(b.size(), h.size());
        assertEquals(h.size(), filtered.entries().size());
        for (int i = 0; i < h.size(); i++) {
            TraceEntry he = h.get(i);
            TraceEntry fe = filtered.entries().get(i);
            assertEquals(he.id(), fe.id());
            assertEquals(he.file(), fe.file(), he.id().toString());
            assertArrayEquals(halves.tensor(he).toFloatArray(), filtered.tensor(fe).toFloatArray(), he.id().toString());
        }
        assertTrue(b.stream().filter(e -> e.name().startsWith("flow.decoder.estimator.")).count() > 1000);
        Map<String, Integer> bFiles = new HashMap<>();
        Map<String, Integer> hFiles = new HashMap<>();
        double worst = 0;
        String worstAt = null;
        for (int i = 0; i < b.size(); i++) {
            TraceEntry be = b.get(i);
            TraceEntry he = h.get(i);
            assertEquals(be.id(), he.id(), "entry " + i);
            assertEquals(be.shape(), he.shape(), be.id().toString());
            assertEquals(be.dtype(), he.dtype(), be.id().toString());
            assertEquals(bFiles.putIfAbsent(be.file(), i), hFiles.putIfAbsent(he.file(), i),
                    "the same entries share a file: " + be.id());
            double rel = MetricsCalculator.compute(batched.tensor(be), halves.tensor(he), Tolerance.DEFAULT).relL2();
            if (rel > worst) {
                worst = rel;
                worstAt = be.id().toString();
            }
        }
        System.out.printf("traced halves vs batch of two: %d entries, worst rel L2 %.2e at %s%n", b.size(), worst,
                worstAt);
        assertTrue(worst <= 1e-4, "worst rel L2 " + worst + " at " + worstAt);
        float[] mel = halves.tensor(h.stream().filter(e -> e.name().equals("final.mel")).findFirst().orElseThrow())
                .toFloatArray();
        float[] ref = want.toFloatArray();
        double max = 0;
        for (int i = 0; i < ref.length; i++) {
            max = Math.max(max, Math.abs((double) mel[i] - ref[i]));
        }
        assertTrue(max <= FlowParityTest.MEL_ABS, "mel max |Δ| vs reference " + max);
    }

    @Test
    void byDefaultTheHalvesWhereEveryCallIsWrittenToADisk() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs"), "no tmpfs at /dev/shm");
        Path target = Path.of("target"); // the build's directory, on the checkout's disk
        assumeTrue(!Files.getFileStore(target).type().equals("tmpfs"), "the build is held in memory");
        Path inMemory = Files.createTempDirectory(shm, "parity-traced-halves");
        Path onDisk = Files.createTempDirectory(target, "traced-halves");
        int budget = Torch.setBudget(2);
        Torch.fitTo(Long.MAX_VALUE); // two threads: the halves could run side by side
        try (TraceWriterSink memory = new TraceWriterSink(TraceWriter.create(inMemory.resolve("t"), Map.of(), null));
                TraceWriterSink disk = new TraceWriterSink(TraceWriter.create(onDisk.resolve("t"), Map.of(), null))) {
            assertFalse(memory.writesToDisk());
            assertTrue(disk.writesToDisk());
            assertFalse(CfgHalvesTest.withCfg("auto", () -> CausalConditionalCFM.halvesWhenTraced(memory)));
            assertTrue(CfgHalvesTest.withCfg("auto", () -> CausalConditionalCFM.halvesWhenTraced(disk)));
            assertTrue(CfgHalvesTest.withCfg("halves", () -> CausalConditionalCFM.halvesWhenTraced(memory)));
            assertFalse(CfgHalvesTest.withCfg("batched", () -> CausalConditionalCFM.halvesWhenTraced(disk)));
            // every call through a filter (--record '**') as without; a subset as computed: one batch of two
            TraceFilter all = new TraceFilter(disk, TraceSettings.modules(List.of("**")));
            assertTrue(CfgHalvesTest.withCfg("auto", () -> CausalConditionalCFM.halvesWhenTraced(all)));
            TraceFilter subset = new TraceFilter(disk, TraceSettings.modules(List.of("flow.decoder.**")));
            assertFalse(CfgHalvesTest.withCfg("auto", () -> CausalConditionalCFM.halvesWhenTraced(subset)));
            Torch.fitTo(0); // the bundled model's one thread: no halves side by side
            assertFalse(CfgHalvesTest.withCfg("auto", () -> CausalConditionalCFM.halvesWhenTraced(disk)));
            memory.finish();
            disk.finish();
        } finally {
            Torch.setBudget(budget);
            Torch.fitTo(0);
            TraceCopies.deleteTree(inMemory);
            TraceCopies.deleteTree(onDisk);
        }
    }
}
