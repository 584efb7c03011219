package dev.parity.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.OpenBlas;
import dev.parity.port.nn.Torch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * OpenBLAS' product at one CFG half's shapes (150 rows × the estimator's Linear sizes) on the calling thread, the
 * weight packed on every call ({@code cblas_sgemm}) against packed once (port/nn/PackedGemm), as a CFG half runs
 * them: each round goes through enough distinct weights (64 MB and more) that none is in cache when it is used
 * again, as the estimator streams its 235 MB of weights per step. The two alternate round by round, so the
 * machine's drift falls on both; GFLOPS of the fastest and the median round. See bench/gemm.md.
 * {@code PackedGemmBench [rounds]}.
 */
public final class PackedGemmBench {
    private static final int[][] SHAPES = {{150, 256, 1024}, {150, 1024, 256}, {150, 512, 512}, {150, 512, 2048},
        {150, 2048, 512}, {150, 256, 1536}, {150, 320, 256}};
    private static final long BYTES_PER_ROUND = 64L << 20;

    private PackedGemmBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Torch.prepareThread();
        OpenBlas blas = OpenBlas.get().orElse(null);
        System.out.println("openblas: " + OpenBlas.describe());
        if (blas == null) {
            return;
        }
        System.out.printf("%-18s %8s %24s %24s%n", "(rows, in, out)", "weights", "cblas_sgemm: GFLOPS fastest/median",
                "packed once: fastest/median");
        Torch.onOneThread(() -> {
            try (NDManager m = Torch.newManager()) {
                for (int[] s : SHAPES) {
                    shape(m, blas, s, rounds);
                }
            }
            return null;
        });
    }

    private static void shape(NDManager base, OpenBlas blas, int[] s, int rounds) {
        try (NDManager m = base.newSubManager()) {
            m.getEngine().setRandomSeed(5);
            int count = (int) (BYTES_PER_ROUND / ((long) s[1] * s[2] * Float.BYTES)) + 1;
            NDArray x = m.randomNormal(new Shape(1, s[0], s[1]));
            List<NDArray> weights = new ArrayList<>();
            List<OpenBlas.Packed> packed = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                NDArray w = m.randomNormal(new Shape(s[2], s[1])).div(Math.sqrt(s[1]));
                weights.add(w);
                packed.add(blas.pack(w));
            }
            if (packed.get(0) == null) {
                System.out.println("no packing here: " + OpenBlas.describe());
                return;
            }
            double[] plain = new double[rounds];
            double[] once = new double[rounds];
            for (int r = -2; r < rounds; r++) {
                for (int v = 0; v < 2; v++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < count; i++) {
                        try (NDManager call = m.newSubManager()) {
                            x.tempAttach(call);
                            blas.linear(x, weights.get(i), v == 0 ? null : packed.get(i), null);
                        }
                    }
                    double secondsPerProduct = (System.nanoTime() - t0) / 1e9 / count;
                    if (r >= 0) {
                        (v == 0 ? plain : once)[r] = 2.0 * s[0] * s[1] * s[2] / secondsPerProduct / 1e9;
                    }
                }
            }
            System.out.printf("%-18s %8d %15.1f / %6.1f %15.1f / %6.1f%n", Arrays.toString(s), count, max(plain),
                    median(plain), max(once), median(once));
        }
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
