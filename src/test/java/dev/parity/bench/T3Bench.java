package dev.parity.bench;

import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Torch;
import dev.parity.port.run.FullSizeT3Checkpoint;
import dev.parity.port.run.T3Inputs;
import dev.parity.port.run.T3Pipeline;
import dev.parity.port.t3.GenerationSettings;
import dev.parity.port.t3.T3Config;
import dev.parity.port.t3.TokenDraws;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * T3 at full size ({@code T3Config.english_only()}, Llama_520M: 30 layers, 1024 wide, 532 M parameters): {@code T3Bench
 * write CKPT} writes random float32 weights for every key of the released checkpoint (2.1 GB, streamed);
 * {@code T3Bench run CKPT [steps]} loads it (read into native tensors) and times a prefill of 200 positions (34
 * conditioning + 164 text + 2 start tokens, CFG batch of two) and the decode steps, tracing off, seeded sampling;
 * prints RSS and peak RSS. See bench/t3.md.
 */
public final class T3Bench {
    private T3Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path ckpt = Path.of(args[1]);
        if (args[0].equals("write")) {
            long n = FullSizeT3Checkpoint.write(ckpt, FullSizeT3Checkpoint.rows(), k -> true, 7);
            System.out.println("wrote " + n + " values to " + ckpt);
            return;
        }
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Torch.prepareThread();
        System.out.printf("torch intra-op threads %d, load average %.1f, RSS before load %s%n", Torch.threads(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                rss());
        T3Inputs in = inputs(162, 150, 5);
        long t = System.nanoTime();
        try (T3Pipeline p = T3Pipeline.load(T3Config.englishOnly(), ckpt)) {
            System.out.printf("load: %.2f s, %d keys, RSS %s%n", (System.nanoTime() - t) / 1e9, p.usedKeys().size(),
                    rss());
            GenerationSettings one = GenerationSettings.generateDefaults().withMaxNewTokens(1);
            run(p, in, one); // warm-up
            double[] prefill = new double[3];
            for (int i = 0; i < prefill.length; i++) {
                prefill[i] = run(p, in, one).seconds();
            }
            Arrays.sort(prefill);
            System.out.printf("prefill (200 positions x 2 rows) + 1 step: median %.2f s of %s, RSS %s%n", prefill[1],
                    Arrays.toString(round(prefill)), rss());
            T3Pipeline.Result r = run(p, in, GenerationSettings.generateDefaults().withMaxNewTokens(steps));
            int n = r.speech_tokens_raw().length;
            double decode = (r.seconds() - prefill[1]) / Math.max(1, n - 1);
            System.out.printf("%d steps%s: %.2f s total, decode %.3f s/step = %.1f tokens/s, RSS %s%n", n,
                    r.stoppedOnEos() ? " (stopped on the stop token)" : "", r.seconds(), decode, 1 / decode,
                    rss());
        }
    }

    private static T3Pipeline.Result run(T3Pipeline p, T3Inputs in, GenerationSettings s) {
        return p.run(in, s, TokenDraws.seeded(11), RunContext.OFF);
    }

    /** (2, nText + 2) text ids with the start/stop tokens, a unit-norm speaker embedding, nPrompt prompt tokens. */
    static T3Inputs inputs(int nText, int nPrompt, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] text = new long[2 * (nText + 2)];
        for (int row = 0; row < 2; row++) {
            int o = row * (nText + 2);
            text[o] = 255;
            for (int i = 1; i <= nText; i++) {
                text[o + i] = 1 + r.nextInt(254);
            }
        }
        float[] spk = new float[256];
        Arrays.fill(spk, 1 / 16f);
        return new T3Inputs(Tensor.ofLongs(new Shape(2, nText + 2), text), Tensor.ofFloats(new Shape(1, 256), spk),
                Tensor.ofLongs(new Shape(1, nPrompt), r.longs(nPrompt, 0, 6561).toArray()),
                Tensor.ofFloats(new Shape(1, 1, 1), 0.5f));
    }

    /** RSS with its anonymous (native + heap, the weights) and file-backed (mapped files) parts, and the peak. */
    static String rss() throws java.io.IOException {
        java.util.Map<String, String> f = new java.util.HashMap<>();
        for (String l : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
            String[] kv = l.split(":\\s+");
            if (kv.length == 2) {
                f.put(kv[0], kv[1].replace(" kB", ""));
            }
        }
        return mb(f.get("VmRSS")) + " (anonymous " + mb(f.get("RssAnon")) + ", file " + mb(f.get("RssFile"))
                + "; peak " + mb(f.get("VmHWM")) + ")";
    }

    private static String mb(String kb) {
        return kb == null ? "?" : (Long.parseLong(kb.trim()) >> 10) + " MB";
    }

    private static double[] round(double[] v) {
        return Arrays.stream(v).map(x -> Math.round(x * 100) / 100.0).toArray();
    }
}
