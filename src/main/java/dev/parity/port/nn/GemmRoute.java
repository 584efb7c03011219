package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which kernel computes the large float32 products of {@link Linear}: oneMKL's sgemm ({@code F.linear}) or oneDNN
 * through a 1×1 convolution ({@link Linear#viaOneDnn}). Neither is faster everywhere: on an AVX-512 AMD EPYC (Zen 5)
 * the oneDNN route takes 0.78× the time of oneMKL's generic AMD path, on an AVX2 one (Zen 3) it is 1.2–3× slower
 * (bench/gemm.md). So the route is chosen by measurement, once per process, at the first large product: both routes
 * compute the estimator's feed-forward products (300 × 256 → 1024 and 300 × 1024 → 256), alternating for
 * {@value #ROUNDS} rounds, and oneDNN is taken only if its median time is below {@value #MARGIN} of oneMKL's (a tie
 * keeps the plain {@code F.linear}). Both routes are the same sums in another order (float32 rounding; {@code parity
 * doctor} checks both against float64).
 *
 * <p>{@code -Dparity.gemm=blas} or {@code =onednn} fixes the route without measuring (A/B benchmarks). Where the CPU
 * reports no cache sizes the oneDNN route is never taken, forced or not ({@link #oneDnnSafe}).
 */
public final class GemmRoute {
    static final int ROUNDS = 7;
    static final double MARGIN = 0.9;
    private static final String FORCED = System.getProperty("parity.gemm", "auto");
    private static volatile Decision decision;

    /** What was decided and why: times in milliseconds per product pair, or NaN when forced. */
    public record Decision(boolean oneDnn, double oneDnnMillis, double blasMillis, String how) {
        /** One line for {@code parity doctor} and the benchmarks. */
        public String describe() {
            String route = oneDnn ? "oneDNN 1x1 convolution" : "F.linear (oneMKL sgemm)";
            return Double.isNaN(blasMillis) ? route + " (" + how + ")"
                    : String.format(Locale.ROOT, "%s (%s: oneDNN %.2f ms, oneMKL %.2f ms per pair of products)",
                            route, how, oneDnnMillis, blasMillis);
        }
    }

    private static final String UNSAFE = "not measured: this CPU reports no cache sizes (no " + CpuCaches.SYSFS
            + "), where oneDNN's 1x1 convolution divides by zero";

    private GemmRoute() {
    }

    /**
     * Whether the oneDNN route can run here at all: not where the CPU reports no cache sizes ({@link CpuCaches}),
     * where oneDNN's 1×1 convolution kills the process with SIGFPE.
     */
    public static boolean oneDnnSafe() {
        return CpuCaches.reported();
    }

    /** Whether large products go through oneDNN; measures on first use. */
    static boolean oneDnn() {
        return decide().oneDnn();
    }

    /** The decision, measuring it now if no product has needed it yet. */
    public static Decision decide() {
        Decision d = decision;
        if (d == null) {
            synchronized (GemmRoute.class) {
                d = decision;
                if (d == null) {
                    d = switch (FORCED) {
                        case "blas" -> new Decision(false, Double.NaN, Double.NaN, "forced by -Dparity.gemm=blas");
                        case "onednn" -> oneDnnSafe()
                                ? new Decision(true, Double.NaN, Double.NaN, "forced by -Dparity.gemm=onednn")
                                : new Decision(false, Double.NaN, Double.NaN, "-Dparity.gemm=onednn not taken: " + UNSAFE);
                        default -> oneDnnSafe() ? measure() : new Decision(false, Double.NaN, Double.NaN, UNSAFE);
                    };
                    decision = d;
                }
            }
        }
        return d;
    }

    private static Decision measure() {
        try (NDManager m = Torch.newManager()) {
            java.util.Random rng = new java.util.Random(0); // not libtorch's generator: a run's draws stay untouched
            NDArray x1 = uniform(m, rng, 1, 2, 150, 256);
            NDArray w1 = uniform(m, rng, 0.06f, 1024, 256);
            NDArray b1 = uniform(m, rng, 0.06f, 1024);
            NDArray x2 = uniform(m, rng, 1, 2, 150, 1024);
            NDArray w2 = uniform(m, rng, 0.03f, 256, 1024);
            NDArray b2 = uniform(m, rng, 0.03f, 256);
            NDArray w1c = w1.reshape(1024, 256, 1, 1);
            NDArray w2c = w2.reshape(256, 1024, 1, 1);
            double[] dnn = new double[ROUNDS];
            double[] blas = new double[ROUNDS];
            for (int r = -2; r < ROUNDS; r++) { // two rounds of warm-up
                long t0 = System.nanoTime();
                try (NDManager s = m.newSubManager()) {
                    Linear.viaOneDnn(x1, w1c, b1).attach(s);
                    Linear.viaOneDnn(x2, w2c, b2).attach(s);
                }
                long t1 = System.nanoTime();
                try (NDManager s = m.newSubManager()) {
                    ai.djl.nn.core.Linear.linear(x1, w1, b1).singletonOrThrow().attach(s);
                    ai.djl.nn.core.Linear.linear(x2, w2, b2).singletonOrThrow().attach(s);
                }
                long t2 = System.nanoTime();
                if (r >= 0) {
                    dnn[r] = (t1 - t0) / 1e6;
                    blas[r] = (t2 - t1) / 1e6;
                }
            }
            double d = median(dnn);
            double b = median(blas);
            return new Decision(d < MARGIN * b, d, b, "measured");
        }
    }

    /** U(−bound, bound) of {@code shape}, from {@code r}. */
    private static NDArray uniform(NDManager m, java.util.Random r, float bound, long... shape) {
        Shape s = new Shape(shape);
        float[] v = new float[Math.toIntExact(s.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (2 * r.nextFloat() - 1) * bound;
        }
        return m.create(v, s);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
