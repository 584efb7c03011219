package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * Checks, on the machine it runs on, every op kind the port uses at every spec a model was built with
 * ({@link OpCensus}): the float32 result of libtorch against float64 of the same libtorch op and against a plain
 * Java implementation in double. A float32 kernel that is right differs from both by rounding only (relative L2
 * ≈ 1e-7); beyond {@link ConvKernels#WRONG} (1e-5) it is wrong. Conv specs are checked on the direct oneDNN
 * kernel and, where {@link ConvKernels} routes around it, on the route taken.
 */
public final class BackendCheck {
    /** How one check came out. */
    public enum Verdict {
        OK, WRONG, WORKED_AROUND;

        /** Lower case, with a space: "worked around". */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * One op at one spec by one route.
     *
     * @param vsFloat64 relative L2 of the float32 result against libtorch's float64 result of the same op
     * @param vsPlain relative L2 of the float32 result against the plain Java double implementation
     */
    public record Check(String op, String spec, String route, double vsFloat64, double vsPlain, Verdict verdict) {
        /** The larger of the two errors. */
        public double error() {
            return Math.max(vsFloat64, vsPlain);
        }
    }

    private static final int ROWS = 64;

    private BackendCheck() {
    }

    /** Every check for the specs in {@code census}; wrong ones first is left to the caller. */
    public static List<Check> run(OpCensus census) {
        List<Check> out = new ArrayList<>();
        List<ConvKernels.Key> convs = new ArrayList<>(census.convs());
        convs.sort(Comparator.comparing(ConvKernels.Key::toString));
        convs.forEach(k -> out.addAll(conv(k)));
        census.linears().stream().sorted(Comparator.comparing(OpCensus.LinearSpec::toString))
                .forEach(l -> out.addAll(linear(l)));
        census.attentions().stream().sorted(Comparator.comparing(OpCensus.AttentionSpec::toString))
                .forEach(a -> {
                    out.add(attentionScores(a));
                    if (OpenBlas.get().isPresent()) {
                        out.add(attentionOnOpenBlas(a));
                    }
                });
        census.layerNorms().stream().sorted().forEach(n -> out.add(layerNorm(n)));
        out.add(softmax());
        out.addAll(elementwise());
        return out;
    }

    /** The direct kernel, and the route taken when the pipeline routes around it. */
    static List<Check> conv(ConvKernels.Key k) {
        ConvKernels.Decision d = ConvKernels.prepare(k);
        List<Check> out = new ArrayList<>();
        Check direct = conv(k, ConvKernels.Route.DIRECT);
        boolean around = d.route() != ConvKernels.Route.DIRECT;
        out.add(direct.verdict() == Verdict.WRONG && around ? withVerdict(direct, Verdict.WORKED_AROUND) : direct);
        if (around || k.suspect()) {
            out.add(conv(k, around ? d.route() : ConvKernels.Route.CHANNEL_PADDED));
        }
        return out;
    }

    private static Check withVerdict(Check c, Verdict v) {
        return new Check(c.op(), c.spec(), c.route(), c.vsFloat64(), c.vsPlain(), v);
    }

    /**
     * At {@value #ROWS} output frames against both references, then at a long length against the plain one on a
     * sample of frames ({@link ConvKernels#probeLong}): some kernels are wrong only on long inputs.
     */
    private static Check conv(ConvKernels.Key k, ConvKernels.Route route) {
        Check c = convShort(k, route);
        ConvKernels.Probe lp = ConvKernels.probeLong(k, route);
        if (!lp.wrong() && !(lp.relL2() > c.vsPlain())) {
            return c;
        }
        return new Check(c.op(), c.spec(), c.route(), c.vsFloat64(), lp.relL2(),
                lp.wrong() ? Verdict.WRONG : c.verdict());
    }

    private static Check convShort(ConvKernels.Key k, ConvKernels.Route route) {
        Random r = new Random(k.hashCode());
        int cin = k.inPerGroup() * k.groups();
        int t = Math.max(1, (ROWS - 1) * k.stride() + k.dilation() * (k.kernel() - 1) + 1 - 2 * k.padding());
        float[] x = gaussian(r, cin * t);
        float[] w = gaussian(r, k.outChannels() * k.inPerGroup() * k.kernel());
        float[] b = gaussian(r, k.outChannels());
        double[] plain = ConvKernels.reference(k, x, t, w, b);
        Function<NDArray[], NDArray> op = a -> ConvKernels.compute(route, k, a[0], a[1], a[2]);
        String name = route == ConvKernels.Route.DIRECT ? "direct" : route.name().toLowerCase(Locale.ROOT);
        return measure("conv1d", k.describe(), name, op, plain, new float[][] {x, w, b},
                new long[][] {{1, cin, t}, {k.outChannels(), k.inPerGroup(), k.kernel()}, {k.outChannels()}});
    }

    /** {@code F.linear}, and the oneDNN route Linear takes for large products of these sizes. */
    static List<Check> linear(OpCensus.LinearSpec l) {
        List<Check> out = new ArrayList<>();
        out.add(linear(l, ROWS, "mkl sgemm", a -> ai.djl.nn.core.Linear.linear(a[0], a[1], a[2]).singletonOrThrow()));
        int rows = (int) Math.max(ROWS, (Linear.ONEDNN_MIN_ELEMENTS + l.in() - 1) / l.in()); // large: the routes' size
        if (OpenBlas.get().isPresent()) {
            out.add(linear(l, rows, "openblas", a -> a[0].getDataType() == DataType.FLOAT32 // its float64 twin:
                    ? OpenBlas.get().orElseThrow().linear(a[0], a[1], a[2]) // libtorch's, as for the other routes
                    : ai.djl.nn.core.Linear.linear(a[0], a[1], a[2]).singletonOrThrow()));
        }
        if (Linear.routable(l.in(), l.out()) && GemmRoute.oneDnnSafe()) { // else the pipeline never takes it
            out.add(linear(l, rows, "onednn 1x1", a -> Linear.viaOneDnn(a[0],
                    a[1].reshape(l.out(), l.in(), 1, 1), a[2])));
        }
        return out;
    }

    private static Check linear(OpCensus.LinearSpec l, int rows, String route, Function<NDArray[], NDArray> op) {
        Random r = new Random(l.hashCode());
        float[] x = gaussian(r, rows * l.in());
        float[] w = gaussian(r, l.out() * l.in());
        float[] b = gaussian(r, l.out());
        double[] plain = new double[rows * l.out()];
        for (int i = 0; i < rows; i++) {
            for (int o = 0; o < l.out(); o++) {
                double acc = b[o];
                for (int c = 0; c < l.in(); c++) {
                    acc += (double) x[i * l.in() + c] * w[o * l.in() + c];
                }
                plain[i * l.out() + o] = acc;
            }
        }
        return measure("linear", "in " + l.in() + ", out " + l.out(), route, op, plain,
                new float[][] {x, w, b}, new long[][] {{rows, l.in()}, {l.out(), l.in()}, {l.out()}});
    }

    /** q·kᵀ of one attention: (1, h, T, d) × (1, h, d, T). */
    static Check attentionScores(OpCensus.AttentionSpec s) {
        Random r = new Random(s.hashCode());
        int h = s.heads();
        int d = s.headDim();
        float[] q = gaussian(r, h * ROWS * d);
        float[] k = gaussian(r, h * ROWS * d);
        double[] plain = new double[h * ROWS * ROWS];
        for (int i = 0; i < h; i++) {
            for (int a = 0; a < ROWS; a++) {
                for (int b = 0; b < ROWS; b++) {
                    double acc = 0;
                    for (int c = 0; c < d; c++) {
                        acc += (double) q[(i * ROWS + a) * d + c] * k[(i * ROWS + b) * d + c];
                    }
                    plain[(i * ROWS + a) * ROWS + b] = acc;
                }
            }
        }
        return measure("matmul", "heads " + h + ", head dim " + d + ", T " + ROWS, "libtorch",
                a -> a[0].matMul(a[1].transpose(0, 1, 3, 2)), plain, new float[][] {q, k},
                new long[][] {{1, h, ROWS, d}, {1, h, ROWS, d}});
    }

    /**
     * The whole attention core on the OpenBLAS route ({@link OpenBlas#attention}: softmax(q·kᵀ·d^−½)·v per head,
     * read from a stacked (1, T, 3·h·d) projection); its float64 twin is libtorch's ({@link AttentionCore}).
     */
    static Check attentionOnOpenBlas(OpCensus.AttentionSpec s) {
        Random r = new Random(s.hashCode() + 1);
        int h = s.heads();
        int d = s.headDim();
        int inner = h * d;
        double scale = Math.pow(d, -0.5);
        float[] qkv = gaussian(r, ROWS * 3 * inner);
        double[] plain = new double[ROWS * inner];
        double[] p = new double[ROWS];
        for (int i = 0; i < h; i++) {
            for (int a = 0; a < ROWS; a++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int b = 0; b < ROWS; b++) {
                    double acc = 0;
                    for (int c = 0; c < d; c++) {
                        acc += (double) qkv[a * 3 * inner + i * d + c] * qkv[b * 3 * inner + inner + i * d + c];
                    }
                    p[b] = acc * scale;
                    max = Math.max(max, p[b]);
                }
                double sum = 0;
                for (int b = 0; b < ROWS; b++) {
                    p[b] = Math.exp(p[b] - max);
                    sum += p[b];
                }
                for (int c = 0; c < d; c++) {
                    double acc = 0;
                    for (int b = 0; b < ROWS; b++) {
                        acc += p[b] / sum * qkv[b * 3 * inner + 2 * inner + i * d + c];
                    }
                    plain[a * inner + i * d + c] = acc;
                }
            }
        }
        return measure("attention", "heads " + h + ", head dim " + d + ", T " + ROWS, "openblas", a -> {
            if (a[0].getDataType() == DataType.FLOAT32) {
                return OpenBlas.get().orElseThrow().attention(a[0], h, d, scale, null);
            }
            return AttentionCore.ofStacked(a[0], h, d, scale, null);
        }, plain, new float[][] {qkv}, new long[][] {{1, ROWS, 3 * inner}});
    }

    static Check layerNorm(int n) {
        Random r = new Random(n);
        float[] x = gaussian(r, ROWS * n);
        float[] g = gaussian(r, n);
        float[] b = gaussian(r, n);
        double[] plain = new double[ROWS * n];
        for (int i = 0; i < ROWS; i++) {
            double mean = 0;
            double var = 0;
            for (int c = 0; c < n; c++) {
                mean += x[i * n + c];
            }
            mean /= n;
            for (int c = 0; c < n; c++) {
                var += (x[i * n + c] - mean) * (x[i * n + c] - mean);
            }
            double inv = 1 / Math.sqrt(var / n + 1e-5);
            for (int c = 0; c < n; c++) {
                plain[i * n + c] = (x[i * n + c] - mean) * inv * g[c] + b[c];
            }
        }
        return measure("layer_norm", "width " + n, "libtorch", a -> ai.djl.nn.norm.LayerNorm.layerNorm(a[0],
                new Shape(n), a[1], a[2], 1e-5f).singletonOrThrow(), plain, new float[][] {x, g, b},
                new long[][] {{ROWS, n}, {n}, {n}});
    }

    static Check softmax() {
        Random r = new Random(3);
        int n = 257;
        float[] x = gaussian(r, ROWS * n);
        double[] plain = new double[x.length];
        for (int i = 0; i < ROWS; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int c = 0; c < n; c++) {
                max = Math.max(max, x[i * n + c]);
            }
            for (int c = 0; c < n; c++) {
                sum += Math.exp(x[i * n + c] - max);
            }
            for (int c = 0; c < n; c++) {
                plain[i * n + c] = Math.exp(x[i * n + c] - max) / sum;
            }
        }
        return measure("softmax", "last axis " + n, "libtorch", a -> a[0].softmax(-1), plain, new float[][] {x},
                new long[][] {{ROWS, n}});
    }

    /** The transcendental functions of the activations, the sine source and the STFT, over their ranges. */
    static List<Check> elementwise() {
        List<Check> out = new ArrayList<>();
        out.add(unary("exp", -20, 20, NDArray::exp, Math::exp));
        out.add(unary("log", 1e-6, 1e4, NDArray::log, Math::log));
        out.add(unary("sin", -2000, 2000, NDArray::sin, Math::sin));
        out.add(unary("cos", -2000, 2000, NDArray::cos, Math::cos));
        out.add(unary("tanh", -10, 10, NDArray::tanh, Math::tanh));
        out.add(unary("sqrt", 0, 1e4, NDArray::sqrt, Math::sqrt));
        out.add(unary("atan", -100, 100, NDArray::atan, Math::atan));
        out.add(unary("erf", -5, 5, NDArray::erf, BackendCheck::erf));
        return out;
    }

    private static Check unary(String name, double lo, double hi, Function<NDArray, NDArray> op,
            DoubleUnaryOperator plainOp) {
        int n = 4096;
        float[] x = new float[n];
        double[] plain = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (lo + (hi - lo) * i / (n - 1));
            plain[i] = plainOp.applyAsDouble(x[i]);
        }
        return measure(name, String.format(Locale.ROOT, "[%g, %g]", lo, hi), "libtorch", a -> op.apply(a[0]), plain,
                new float[][] {x}, new long[][] {{n}});
    }

    /** erf to double precision (Abramowitz–Stegun 7.1.26 is too coarse): its Taylor and continued-fraction forms. */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 2.5) {
            double term = ax;
            double sum = ax;
            for (int k = 1; k < 200 && Math.abs(term) > 1e-18 * Math.abs(sum); k++) {
                term *= -ax * ax / k;
                sum += term / (2 * k + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = ax;
            for (int k = 60; k >= 1; k--) { // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
                f = ax + (k / 2.0) / f;
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        }
        return Math.copySign(r, x);
    }

    /** Runs {@code op} in float32 and float64 on the same inputs and compares both with {@code plain}. */
    private static Check measure(String op, String spec, String route, Function<NDArray[], NDArray> fn,
            double[] plain, float[][] inputs, long[][] shapes) {
        try (NDManager m = Torch.newManager()) {
            NDArray[] f32 = new NDArray[inputs.length];
            NDArray[] f64 = new NDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                f32[i] = m.create(inputs[i], new Shape(shapes[i]));
                f64[i] = f32[i].toType(DataType.FLOAT64, true);
            }
            double[] y32 = fn.apply(f32).toType(DataType.FLOAT64, false).toDoubleArray();
            double[] y64 = fn.apply(f64).toDoubleArray();
            double vs64 = ConvKernels.relL2(y32, y64);
            double vsPlain = ConvKernels.relL2(y32, plain);
            boolean wrong = !(Math.max(vs64, vsPlain) <= ConvKernels.WRONG);
            return new Check(op, spec, route, vs64, vsPlain, wrong ? Verdict.WRONG : Verdict.OK);
        }
    }

    private static float[] gaussian(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}
