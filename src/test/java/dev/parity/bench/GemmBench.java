package dev.parity.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.Torch;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * GFLOPS of the ways libtorch can compute {@code torch.nn.Linear} at the full-size estimator's shapes
 * (CFG batch 2 × 150 frames = 300 rows): {@code linear} and {@code matmul} (both BLAS sgemm: oneMKL in DJL's
 * libtorch), {@code conv1d} with kernel 1 over the rows as the batch and the 1×1 {@code conv2d} of the oneDNN
 * route (oneDNN's convolution), and the machine's OpenBLAS {@code cblas_sgemm} on the calling thread where it is
 * installed (port/nn/OpenBlas; NaN elsewhere). Each option is
 * timed in turn, round-robin, so the machine's load falls on all alike; the median of the rounds is printed, and
 * the largest difference of each option from {@code linear}. See bench/gemm.md.
 * {@code GemmBench [rounds] [reps]}.
 */
public final class GemmBench {
    /** (rows, in_features, out_features) of the estimator's Linear layers, and its 512-d encoder's. */
    private static final int[][] SHAPES = {{300, 256, 512}, {300, 512, 256}, {300, 256, 1024}, {300, 1024, 256},
        {150, 512, 512}, {150, 512, 2048}, {150, 2048, 512}};

    private GemmBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Torch.prepareThread();
        System.out.printf("torch intra-op threads %d, load average %.1f%n", Torch.threads(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("%-16s %10s %10s %10s %10s %10s   max|conv - linear|  max|openblas - linear|%n",
                "(M, K, N)", "linear", "matmul", "conv1d-k1", "conv2d-nhwc", "openblas");
        System.out.println("openblas: " + dev.parity.port.nn.OpenBlas.describe());
        if (!dev.parity.port.nn.GemmRoute.oneDnnSafe()) {
            System.out.println("conv2d-nhwc (the oneDNN route) not run: " + dev.parity.port.nn.GemmRoute.decide()
                    .describe());
        }
        try (NDManager m = Torch.newManager()) {
            for (int[] s : SHAPES) {
                shape(m, s, rounds, reps);
            }
        }
    }

    private static void shape(NDManager base, int[] s, int rounds, int reps) {
        try (NDManager m = base.newSubManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(s[0], s[1])); // (M, K)
            NDArray w = m.randomNormal(new Shape(s[2], s[1])).div(Math.sqrt(s[1])); // (N, K)
            NDArray b = m.randomNormal(new Shape(s[2])); // (N)
            NDArray wt = w.transpose().duplicate(); // (K, N)
            NDArray w3 = w.reshape(s[2], s[1], 1); // (N, K, 1)
            NDArray w4 = w.reshape(s[2], s[1], 1, 1); // (N, K, 1, 1)
            @SuppressWarnings("unchecked")
            BiFunction<NDArray, NDManager, NDArray>[] ops = new BiFunction[] {
                (BiFunction<NDArray, NDManager, NDArray>) (a, mm) ->
                        ai.djl.nn.core.Linear.linear(a, w, b).singletonOrThrow(),
                (BiFunction<NDArray, NDManager, NDArray>) (a, mm) -> a.matMul(wt).add(b),
                (BiFunction<NDArray, NDManager, NDArray>) (a, mm) -> ai.djl.nn.convolutional.Conv1d.conv1d(
                        a.reshape(s[0], s[1], 1), w3, b, new Shape(1), new Shape(0), new Shape(1), 1)
                        .singletonOrThrow().reshape(s[0], s[2]),
                (BiFunction<NDArray, NDManager, NDArray>) (a, mm) -> ai.djl.nn.convolutional.Conv2d.conv2d(
                        a.reshape(1, 1, s[0], s[1]).transpose(0, 3, 1, 2), w4, b, new Shape(1, 1), new Shape(0, 0),
                        new Shape(2, 2), 1).singletonOrThrow()
                        .transpose(0, 2, 3, 1).reshape(s[0], s[2]),
                (BiFunction<NDArray, NDManager, NDArray>) (a, mm) ->
                        dev.parity.port.nn.OpenBlas.get().orElseThrow().linear(a, w, b),
            };
            boolean dnn = dev.parity.port.nn.GemmRoute.oneDnnSafe(); // SIGFPE elsewhere
            boolean openBlas = dev.parity.port.nn.OpenBlas.get().isPresent();
            double[][] gflops = new double[ops.length][rounds];
            double flop = 2.0 * s[0] * s[1] * s[2] * reps;
            for (int r = 0; r < rounds; r++) {
                for (int o = 0; o < ops.length; o++) {
                    boolean run = (o != 3 || dnn) && (o != 4 || openBlas);
                    gflops[o][r] = run ? flop / time(m, x, ops[o], reps) / 1e9 : Double.NaN;
                }
            }
            double diff = dnn ? ops[3].apply(x, m).sub(ops[0].apply(x, m)).abs().max().getFloat() : Double.NaN;
            double diffBlas = openBlas ? ops[4].apply(x, m).sub(ops[0].apply(x, m)).abs().max().getFloat()
                    : Double.NaN;
            System.out.printf("%-16s %10.1f %10.1f %10.1f %10.1f %10.1f   %.2e           %.2e%n",
                    Arrays.toString(s), median(gflops[0]), median(gflops[1]), median(gflops[2]), median(gflops[3]),
                    median(gflops[4]), diff, diffBlas);
        }
    }

    private static double time(NDManager m, NDArray x, BiFunction<NDArray, NDManager, NDArray> op, int reps) {
        try (NDManager warm = m.newSubManager()) {
            x.tempAttach(warm);
            op.apply(x, warm);
        }
        long t = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            try (NDManager scope = m.newSubManager()) {
                x.tempAttach(scope);
                op.apply(x, scope);
            }
        }
        return (System.nanoTime() - t) / 1e9;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
