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
 * {@value #ROUNDS} rounds, and oneDNN is taken only if its fastest round is below {@value #MARGIN} of oneMKL's (a
 * tie keeps the plain {@code F.linear}). The fastest, not the median: what else the machine does (the JIT compiling
 * beside a process' first products, other tenants) only adds time, and a near tie then went either way. Both
 * routes are the same sums in another order (float32 rounding; {@code parity doctor} checks both against
 * float64).
 *
 * <p>Products computed on one libtorch thread (each CFG half of an untraced run) may go to the machine's OpenBLAS
 * instead ({@link #oneThread}): measured the same way, on one thread and one CFG half's rows, against the route
 * just chosen. The estimator's attention core on one thread is measured the same way, OpenBLAS against libtorch
 * ({@link #attention}).
 *
 * <p>{@code -Dparity.gemm=blas}, {@code =onednn} or {@code =openblas} fixes the route without measuring (A/B
 * benchmarks; {@code blas} is oneMKL everywhere). Where the CPU reports no cache sizes the oneDNN route is never
 * taken, forced or not ({@link #oneDnnSafe}).
 */
public final class GemmRoute {
    static final int ROUNDS = 7;
    static final int WARM_UP = 5; // a kernel's first calls fault in its buffers (slow on some KVM hosts)
    static final double MARGIN = 0.9;
    private static final String FORCED = System.getProperty("parity.gemm", "auto");
    private static volatile Decision decision;
    private static volatile OneThread oneThread;
    private static volatile Attention attention;

    /** What was decided and why: times in milliseconds per product pair, or NaN when forced. */
    public record Decision(boolean oneDnn, double oneDnnMillis, double blasMillis, String how) {
        /** One line for {@code parity doctor} and the benchmarks. */
        public String describe() {
            return line(routeName(oneDnn), how, "oneDNN", oneDnnMillis, "oneMKL", blasMillis);
        }
    }

    private static final String UNSAFE = "not measured: this CPU reports no cache sizes (no " + CpuCaches.SYSFS
            + "), where oneDNN's 1x1 convolution divides by zero";

    /**
     * The one-thread decision ({@link #oneThread}): OpenBLAS, or else the route {@link #decide} took (oneDNN when
     * {@code otherOneDnn}, else {@code F.linear}); times as in {@link Decision}.
     */
    public record OneThread(boolean openBlas, double openBlasMillis, boolean otherOneDnn, double otherMillis,
            String how) {
        /** One line for {@code parity doctor} and the benchmarks. */
        public String describe() {
            return line(openBlas ? "OpenBLAS cblas_sgemm" : routeName(otherOneDnn), how, "OpenBLAS", openBlasMillis,
                    otherOneDnn ? "oneDNN" : "oneMKL", otherMillis);
        }
    }

    /**
     * The attention decision ({@link #attention}): the estimator's attention core on OpenBLAS or libtorch, times
     * in ms per call (NaN when not measured).
     */
    public record Attention(boolean openBlas, double openBlasMillis, double libtorchMillis, String how) {
        /** One line for {@code parity doctor} and the benchmarks. */
        public String describe() {
            return Double.isNaN(libtorchMillis) ? (openBlas ? "OpenBLAS" : "libtorch") + " (" + how + ")"
                    : String.format(Locale.ROOT, "%s (%s: OpenBLAS %.2f ms, libtorch %.2f ms per call)",
                            openBlas ? "OpenBLAS" : "libtorch", how, openBlasMillis, libtorchMillis);
        }
    }

    /** "route (how)", or with the two timings when they were measured. */
    private static String line(String route, String how, String candidate, double candidateMillis, String baseline,
            double baselineMillis) {
        return Double.isNaN(baselineMillis) ? route + " (" + how + ")"
                : String.format(Locale.ROOT, "%s (%s: %s %.2f ms, %s %.2f ms per pair of products)", route, how,
                        candidate, candidateMillis, baseline, baselineMillis);
    }

    private static String routeName(boolean oneDnn) {
        return oneDnn ? "oneDNN 1x1 convolution" : "F.linear (oneMKL sgemm)";
    }

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
                        case "openblas" -> new Decision(false, Double.NaN, Double.NaN, "-Dparity.gemm=openblas");
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
        double[] t = time(2, (x, w, w1x1, b) -> Linear.viaOneDnn(x, w1x1, b),
                (x, w, w1x1, b) -> ai.djl.nn.core.Linear.linear(x, w, b).singletonOrThrow());
        return new Decision(t[0] < MARGIN * t[1], t[0], t[1], "measured");
    }

    /**
     * Whether large products computed on one libtorch thread ({@link Torch#oneThreadHere}, e.g. each CFG half)
     * go to the machine's OpenBLAS ({@link OpenBlas}): measured once per process on one thread, at one CFG half's
     * 150 rows, against the route {@link #decide} took (oneDNN or {@code F.linear}) timed the same way; the
     * two-thread decision says nothing about one thread. A tie goes to the plainer kernel: {@code F.linear} over
     * OpenBLAS, OpenBLAS over oneDNN, whose per-call costs (a primitive looked up, the weight reordered) grow in a
     * run beyond what this measurement shows: on the Zen 5 here a run took 2.5 s with the halves' products on
     * oneDNN against 2.1 s on OpenBLAS, where the two tied at 1.1 ms per pair (bench/gemm.md). Never where
     * {@code -Dparity.gemm} fixes another route.
     */
    public static OneThread oneThread() {
        OneThread d = oneThread;
        if (d == null) {
            synchronized (GemmRoute.class) {
                d = oneThread;
                if (d == null) {
                    String fixed = openBlasFixed();
                    boolean oneDnn = decide().oneDnn();
                    if (fixed != null) {
                        d = new OneThread(openBlasForced(), Double.NaN, oneDnn, Double.NaN, fixed);
                    } else {
                        OpenBlas lib = OpenBlas.get().orElseThrow();
                        Route baseline = oneDnn ? (x, w, w1x1, b) -> Linear.viaOneDnn(x, w1x1, b)
                                : (x, w, w1x1, b) -> ai.djl.nn.core.Linear.linear(x, w, b).singletonOrThrow();
                        double[] t = Torch.onOneThread(() -> time(1, (x, w, w1x1, b) -> lib.linear(x, w, b),
                                baseline));
                        boolean take = oneDnn ? !(t[1] < MARGIN * t[0]) : t[0] < MARGIN * t[1]; // ties: see above
                        d = new OneThread(take, t[0], oneDnn, t[1], "measured on one thread");
                    }
                    oneThread = d;
                }
            }
        }
        return d;
    }

    /**
     * Whether the full-size estimator's attention core computed on one libtorch thread (each CFG half) goes to
     * OpenBLAS ({@link OpenBlas#attention}: one product per head, straight from the stacked projection) instead of
     * libtorch ({@link AttentionCore}: copies into head order, oneMKL's batched products, a copy back): measured
     * once per process on one thread, one CFG half of the full-size estimator (150 frames, 8 heads of 64), both
     * alternating for {@value #ROUNDS} rounds after {@value #WARM_UP} of warm-up; OpenBLAS is taken below
     * {@value #MARGIN} of libtorch's time. {@code -Dparity.gemm=openblas} forces it, another
     * {@code -Dparity.gemm} keeps libtorch.
     */
    public static Attention attention() {
        Attention d = attention;
        if (d == null) {
            synchronized (GemmRoute.class) {
                d = attention;
                if (d == null) {
                    String fixed = openBlasFixed();
                    if (fixed != null) {
                        d = new Attention(openBlasForced(), Double.NaN, Double.NaN, fixed);
                    } else {
                        double[] t = Torch.onOneThread(() -> timeAttention(OpenBlas.get().orElseThrow()));
                        d = new Attention(t[0] < MARGIN * t[1], t[0], t[1], "measured on one thread");
                    }
                    attention = d;
                }
            }
        }
        return d;
    }

    /**
     * Why the OpenBLAS routes ({@link #oneThread}, {@link #attention}) are settled without measuring — another route
     * fixed by {@code -Dparity.gemm} (OpenBLAS is then not even loaded), no OpenBLAS here, or OpenBLAS forced — or
     * null when they are to be measured.
     */
    private static String openBlasFixed() {
        if (!FORCED.equals("auto") && !FORCED.equals("openblas")) {
            return "-Dparity.gemm=" + FORCED;
        }
        if (OpenBlas.get().isEmpty()) {
            return OpenBlas.describe();
        }
        return FORCED.equals("openblas") ? "forced by -Dparity.gemm=openblas" : null;
    }

    /** Whether {@code -Dparity.gemm=openblas} takes OpenBLAS without measuring (where it is installed). */
    private static boolean openBlasForced() {
        return FORCED.equals("openblas") && OpenBlas.get().isPresent();
    }

    /** OpenBLAS' and libtorch's attention core at one CFG half of the full-size estimator: the fastest rounds in ms. */
    private static double[] timeAttention(OpenBlas lib) {
        int heads = 8;
        int dimHead = 64;
        double scale = 0.125;
        try (NDManager m = Torch.newManager()) {
            java.util.Random rng = new java.util.Random(0);
            NDArray qkv = uniform(m, rng, 1, 1, 150, 3 * heads * dimHead);
            double[] blas = new double[ROUNDS];
            double[] torch = new double[ROUNDS];
            for (int r = -WARM_UP; r < ROUNDS; r++) {
                long t0 = System.nanoTime();
                try (NDManager s = m.newSubManager()) {
                    qkv.tempAttach(s);
                    lib.attention(qkv, heads, dimHead, scale, null);
                }
                long t1 = System.nanoTime();
                try (NDManager s = m.newSubManager()) {
                    qkv.tempAttach(s);
                    AttentionCore.ofStacked(qkv, heads, dimHead, scale, null);
                }
                long t2 = System.nanoTime();
                if (r >= 0) {
                    blas[r] = (t1 - t0) / 1e6;
                    torch[r] = (t2 - t1) / 1e6;
                }
            }
            return new double[] {fastest(blas), fastest(torch)};
        }
    }

    /**
     * Every decision in one line, measuring what is not measured yet ({@code parity doctor}, the benchmarks), and
     * which OpenBLAS (version, path, kernels) when it is taken.
     */
    public static String describe() {
        OneThread one = oneThread();
        Attention att = attention();
        return decide().describe() + "; on one thread: " + one.describe() + "; attention on one thread: "
                + att.describe() + (one.openBlas() || att.openBlas() ? "; " + OpenBlas.describe() : "");
    }

    /** The product on the candidate route. */
    private interface Route {
        NDArray apply(NDArray x, NDArray weight, NDArray weight1x1, NDArray bias);
    }

    /**
     * The estimator's feed-forward pair ({@code batch} × 150 rows, 256 → 1024 → 256) on {@code candidate} and on
     * {@code baseline}, alternating for {@value #ROUNDS} rounds after {@value #WARM_UP} of warm-up: the two fastest
     * rounds in ms. The batch of two is what a run on several threads computes; one CFG half (batch 1) what each
     * thread of the halves does, where the oneDNN route pays its weight reorder for half as many rows.
     */
    private static double[] time(int batch, Route candidate, Route baseline) {
        try (NDManager m = Torch.newManager()) {
            java.util.Random rng = new java.util.Random(0); // not libtorch's generator: a run's draws stay untouched
            NDArray x1 = uniform(m, rng, 1, batch, 150, 256);
            NDArray w1 = uniform(m, rng, 0.06f, 1024, 256);
            NDArray b1 = uniform(m, rng, 0.06f, 1024);
            NDArray x2 = uniform(m, rng, 1, batch, 150, 1024);
            NDArray w2 = uniform(m, rng, 0.03f, 256, 1024);
            NDArray b2 = uniform(m, rng, 0.03f, 256);
            NDArray w1c = w1.reshape(1024, 256, 1, 1);
            NDArray w2c = w2.reshape(256, 1024, 1, 1);
            double[] cand = new double[ROUNDS];
            double[] base = new double[ROUNDS];
            for (int r = -WARM_UP; r < ROUNDS; r++) {
                long t0 = System.nanoTime();
                try (NDManager s = m.newSubManager()) {
                    candidate.apply(x1, w1, w1c, b1).attach(s);
                    candidate.apply(x2, w2, w2c, b2).attach(s);
                }
                long t1 = System.nanoTime();
                try (NDManager s = m.newSubManager()) {
                    baseline.apply(x1, w1, w1c, b1).attach(s);
                    baseline.apply(x2, w2, w2c, b2).attach(s);
                }
                long t2 = System.nanoTime();
                if (r >= 0) {
                    cand[r] = (t1 - t0) / 1e6;
                    base[r] = (t2 - t1) / 1e6;
                }
            }
            return new double[] {fastest(cand), fastest(base)};
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

    private static double fastest(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }
}
