package dev.parity.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.AttentionCore;
import dev.parity.port.nn.OpenBlas;
import dev.parity.port.nn.Torch;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * The attention core of the full-size estimator's transformer blocks (one CFG half: B = 1, T = 150 frames, 8 heads
 * of 64) on one libtorch thread, from the stacked q/k/v projection (B, T, 3·512) to the (B, T, 512) the output
 * projection takes: as libtorch computes it ({@link AttentionCore}: a copy into head order, {@code bmm} — oneMKL —,
 * softmax, {@code bmm}, a copy back) and as {@link OpenBlas#attention} does (one OpenBLAS product per head, with
 * strides). Round-robin, median of the rounds, and the largest difference between the two.
 * {@code AttentionBench [rounds] [reps] [T]}.
 * See bench/pipeline.md.
 */
public final class AttentionBench {
    private static final int HEADS = 8;
    private static final int D = 64;

    private AttentionBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int t = args.length > 2 ? Integer.parseInt(args[2]) : 150;
        Torch.prepareThread();
        OpenBlas blas = OpenBlas.get().orElseThrow(() -> new IllegalStateException(OpenBlas.describe()));
        System.out.printf("CPU %s, load average %.1f, %s%n", dev.parity.port.nn.Platform.detect().cpuModel(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                OpenBlas.describe());
        double scale = Math.pow(D, -0.5);
        double[][] ms = Torch.onOneThread(() -> {
            try (NDManager m = Torch.newManager()) {
                m.getEngine().setRandomSeed(5);
                NDArray qkv = m.randomNormal(new Shape(1, t, 3 * HEADS * D));
                @SuppressWarnings("unchecked")
                Function<NDArray, NDArray>[] ways = new Function[] {
                    (Function<NDArray, NDArray>) y -> AttentionCore.ofStacked(y, HEADS, D, scale, null),
                    (Function<NDArray, NDArray>) y -> blas.attention(y, HEADS, D, scale, null)};
                try (NDArray a = ways[0].apply(qkv); NDArray b = ways[1].apply(qkv)) {
                    System.out.printf(Locale.ROOT, "max |openblas - libtorch| = %.3g (values up to %.3g)%n",
                            a.sub(b).abs().max().getFloat(), a.abs().max().getFloat());
                }
                double[][] times = new double[ways.length][rounds];
                for (int r = 0; r < rounds; r++) {
                    for (int w = 0; w < ways.length; w++) {
                        long t0 = System.nanoTime();
                        for (int i = 0; i < reps; i++) {
                            try (NDManager sub = m.newSubManager()) {
                                qkv.tempAttach(sub); // every intermediate is freed with sub
                                ways[w].apply(qkv);
                            }
                        }
                        times[w][r] = (System.nanoTime() - t0) / 1e6 / reps;
                    }
                }
                return times;
            }
        });
        double flops = 2.0 * 2 * HEADS * t * t * D;
        String[] names = {"libtorch (bmm)", "OpenBLAS per head"};
        for (int w = 0; w < ms.length; w++) {
            double[] s = ms[w].clone();
            Arrays.sort(s);
            double med = s[s.length / 2];
            System.out.printf(Locale.ROOT, "%-18s %.3f ms per call (%.0f GFLOPS in the two products)%n", names[w],
                    med, flops / med / 1e6);
        }
    }
}
