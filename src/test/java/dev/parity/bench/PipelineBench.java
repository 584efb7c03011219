package dev.parity.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parity.SharedData;
import dev.parity.io.Safetensors;
import dev.parity.io.TraceWriter;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.hift.RandomHiFTWeights;
import dev.parity.port.nn.NoiseSource;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.TraceWriterSink;
import dev.parity.port.run.FullSizeCheckpoint;
import dev.parity.port.run.S3GenPipeline;
import dev.parity.port.run.TokenInputs;
import dev.parity.port.s3gen.FlowConfig;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole S3Gen path at full size, token → wav (flow + HiFT), as upstream's {@code S3Token2Wav.inference}:
 * 25 prompt + 50 speech tokens, 10 ODE steps, 2 s of audio. {@code PipelineBench write CKPT} writes random weights
 * for every flow.* and mel2wav.* key of the released checkpoint; {@code PipelineBench run CKPT [runs]} prints load
 * time, each run's wall time with tracing off, one run with tracing on (every call recorded; not with a fourth
 * argument {@code untraced}; {@code -Dbench.tracedRuns=N} for N of them, the first of which also pays for compiling
 * the recording code) and peak RSS; {@code -Dbench.keepTrace=true} keeps the traces (deleting 10,000 files makes
 * the next files created on an ext4 without a journal slow for a minute or more, bench/pipeline.md).
 * See bench/pipeline.md.
 */
public final class PipelineBench {
    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        Path ckpt = Path.of(args[1]);
        if (args[0].equals("write")) {
            write(ckpt);
            return;
        }
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Torch.prepareThread();
        System.out.printf("torch intra-op threads %d, load average %.1f%n", Torch.threads(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        dev.parity.port.nn.Platform pf = dev.parity.port.nn.Platform.detect();
        System.out.printf("CPU %s (%s, family %s), oneDNN ISA %s, libtorch %s / oneDNN %s / %s%nLinear: %s%n",
                pf.cpuModel(), pf.vendor(), pf.cpuFamily(), pf.onednnIsa(), pf.libtorch(), pf.onednn(), pf.mkl(),
                dev.parity.port.nn.GemmRoute.describe());
        System.out.println("CFG batch, untraced: " + dev.parity.port.s3gen.CausalConditionalCFM.describeCfg());
        TokenInputs in = FlowBench.inputs(25, 50, 3);
        long t = System.nanoTime();
        try (S3GenPipeline p = S3GenPipeline.load(FlowConfig.fullSize(), ckpt, HiFTGenerator::create,
                JsonNodeFactory.instance.objectNode())) {
            System.out.printf("load: %.2f s, RSS %s%n", (System.nanoTime() - t) / 1e9, FlowBench.rss());
            NoiseSource noise = NoiseSource.seeded(1);
            S3GenPipeline.Result warm = p.run(in, 10, noise, RunContext.OFF);
            System.out.printf("warm-up: %.2f s, mel %s, wav %s%n", warm.seconds(), warm.mel().shape(),
                    warm.wav().shape());
            double[] secs = new double[runs];
            double[] cpu = new double[runs];
            for (int i = 0; i < runs; i++) {
                double c0 = cpuSeconds();
                secs[i] = p.run(in, 10, noise, RunContext.OFF).seconds();
                cpu[i] = cpuSeconds() - c0;
            }
            System.out.printf("tracing off: runs %s s, median %.2f s (process CPU %s s, median %.2f s), RSS %s%n",
                    Arrays.toString(round(secs)), median(secs), Arrays.toString(round(cpu)), median(cpu),
                    FlowBench.rss());
            if (!(args.length > 3 && args[3].equals("untraced"))) {
                for (int i = Integer.getInteger("bench.tracedRuns", 1); i > 0; i--) {
                    traced(p, in, noise);
                }
            }
        }
    }

    private static void traced(S3GenPipeline p, TokenInputs in, NoiseSource noise) throws IOException {
        Path dir = Files.createTempDirectory("pipeline-bench-trace");
        TraceWriter w = TraceWriter.create(dir.resolve("t"), Map.of("name", "PipelineBench"), "bench");
        long t0 = System.nanoTime();
        double c0 = cpuSeconds();
        double s;
        String how;
        try (TraceWriterSink sink = new TraceWriterSink(w)) {
            int threads = Torch.threadsLeaving(sink.busyThreads()); // what S3GenPipeline.run computes on
            how = dev.parity.port.s3gen.CausalConditionalCFM.halvesWhenTraced(sink)
                    ? "the CFG halves side by side, recorded as the batch of two"
                    : threads + " libtorch thread" + (threads == 1 ? "" : "s") + " while recording";
            s = p.run(in, 10, noise, RunContext.traced(sink)).seconds();
        } // closing waits for the writer
        System.out.printf("tracing on (every call, %d entries, %s): run %.2f s, until written %.2f s (process CPU "
                + "%.2f s), RSS %s%n", w.size(), how, s, (System.nanoTime() - t0) / 1e9, cpuSeconds() - c0,
                FlowBench.rss());
        if (Boolean.getBoolean("bench.keepTrace")) {
            System.out.println("trace kept in " + dir.resolve("t"));
            return;
        }
        dev.parity.TraceCopies.deleteTree(dir);
    }

    /** CPU time of the whole process (every thread), which the machine's load does not inflate as much. */
    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double[] round(double[] v) {
        return Arrays.stream(v).map(x -> Math.round(x * 100) / 100.0).toArray();
    }

    private static void write(Path ckpt) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (FullSizeCheckpoint.Row r : FullSizeCheckpoint.rows()) {
            if (r.key().startsWith("flow.")) {
                tensors.put(r.key(), FullSizeCheckpoint.randomTensor(r, 7));
            }
        }
        tensors.putAll(RandomHiFTWeights.make(
                RandomHiFTWeights.shapes(SharedData.stateDict("s3gen")), 7));
        Safetensors.write(ckpt, tensors, Map.of("note", "random full-size flow + mel2wav weights (benchmark)"));
        System.out.println("wrote " + tensors.size() + " tensors to " + ckpt);
    }
}
