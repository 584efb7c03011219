package dev.parity.bench;

import dev.parity.SharedData;
import dev.parity.io.TraceWriter;
import dev.parity.port.nn.NoiseSource;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.TraceWriterSink;
import dev.parity.port.nn.Torch;
import dev.parity.port.run.FullSizeCheckpoint;
import dev.parity.port.run.ReferenceDump;
import dev.parity.port.run.S3GenPipeline;
import dev.parity.port.run.TokenInputs;
import dev.parity.port.s3gen.FlowConfig;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Benchmark of the flow. {@code FlowBench write CKPT} writes random full-size weights with every key of the
 * released checkpoint; {@code FlowBench full CKPT} loads them and runs the real full-size configuration on
 * 25 prompt + 50 speech tokens, 10 steps: wall time and RSS (current and peak) with tracing off and on (every
 * call recorded), then RSS over 20 consecutive runs in this JVM. {@code FlowBench small} does the same on the
 * small reference dump. See bench/flow.md.
 */
public final class FlowBench {
    private FlowBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "full";
        if (mode.equals("write")) {
            Path ckpt = Path.of(args[1]);
            long t = System.nanoTime();
            FullSizeCheckpoint.write(ckpt, FullSizeCheckpoint.rows(), k -> k.startsWith("flow."), 7);
            System.out.printf("wrote random full-size checkpoint %s in %.1f s%n", ckpt, secs(t));
            return;
        }
        Torch.prepareThread();
        System.out.printf("cores %d, load average %.1f, torch intra-op threads %d, max heap %d MB%n",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Torch.threads(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("start: RSS " + rss());
        if (mode.equals("small")) {
            ReferenceDump dump = ReferenceDump.open(SharedData.smallDump());
            measure(dump.flowConfig(), dump.weights(), dump.inputs());
        } else {
            System.out.println("full size, 25 prompt + 50 speech tokens, 10 steps");
            measure(FlowConfig.fullSize(), Path.of(args[1]), inputs(25, 50, 3));
        }
    }

    private static void measure(FlowConfig cfg, Path ckpt, TokenInputs in) throws IOException {
        long t = System.nanoTime();
        try (S3GenPipeline p = S3GenPipeline.loadFlow(cfg, ckpt)) {
            System.out.printf("load: %.2f s, RSS %s%n", secs(t), rss());
            NoiseSource noise = NoiseSource.seeded(1);
            S3GenPipeline.Result warm = p.run(in, 10, noise, RunContext.OFF);
            System.out.printf("warm-up run (tracing off): %.3f s, mel %s, RSS %s%n", warm.seconds(),
                    warm.mel().shape(), rss());
            S3GenPipeline.Result off = p.run(in, 10, noise, RunContext.OFF);
            System.out.printf("tracing off: %.3f s, RSS %s%n", off.seconds(), rss());
            Path dir = Files.createTempDirectory("flow-bench-trace");
            TraceWriter w = TraceWriter.create(dir.resolve("t"), Map.of("name", "FlowBench"), "bench");
            S3GenPipeline.Result on;
            long t0 = System.nanoTime();
            try (TraceWriterSink sink = new TraceWriterSink(w)) {
                on = p.run(in, 10, noise, RunContext.traced(sink));
            } // closing waits for the background writer
            System.out.printf("tracing on (every call recorded, %d entries, %d MB written): run %.3f s, until "
                    + "written %.3f s, RSS %s%n", w.size(), du(dir.resolve("t")) >> 20, on.seconds(),
                    (System.nanoTime() - t0) / 1e9, rss());
            dev.parity.TraceCopies.deleteTree(dir);
            for (int i = 1; i <= 20; i++) {
                S3GenPipeline.Result r = p.run(in, 10, noise, RunContext.OFF);
                System.out.printf("run %2d (tracing off): %.3f s, RSS %s%n", i, r.seconds(), rss());
            }
        }
    }

    static TokenInputs inputs(int nPrompt, int nSpeech, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] feat = new float[2 * nPrompt * 80];
        for (int i = 0; i < feat.length; i++) {
            feat[i] = (float) (r.nextDouble() * 4 - 6);
        }
        float[] emb = new float[192];
        for (int i = 0; i < emb.length; i++) {
            emb[i] = (float) (r.nextDouble() - 0.5);
        }
        return new TokenInputs(Tensor.ofLongs(new Shape(1, nSpeech), r.longs(nSpeech, 0, 6561).toArray()),
                Tensor.ofLongs(new Shape(1, nPrompt), r.longs(nPrompt, 0, 6561).toArray()),
                Tensor.ofLongs(new Shape(1), nPrompt), Tensor.ofFloats(new Shape(1, 2L * nPrompt, 80), feat),
                Tensor.ofFloats(new Shape(1, 192), emb));
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Current and peak resident set size from /proc/self/status. */
    static String rss() throws IOException {
        String cur = "?";
        String peak = "?";
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                cur = mb(l);
            } else if (l.startsWith("VmHWM:")) {
                peak = mb(l);
            }
        }
        Runtime rt = Runtime.getRuntime();
        return cur + " (peak " + peak + ", Java heap committed " + (rt.totalMemory() >> 20) + " MB, used "
                + ((rt.totalMemory() - rt.freeMemory()) >> 20) + " MB)";
    }

    private static String mb(String line) {
        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return (kb >> 10) + " MB";
    }

    private static long du(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
