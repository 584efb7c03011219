package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place where a 1-D convolution goes to libtorch, and the check that keeps it right on this CPU.
 *
 * <p>Why: on some AMD Zen 5 machines, libtorch 2.7.1's oneDNN 3.7.1 sends float32 conv1d to its
 * {@code jit:avx512_core} direct kernel and computes wrong results (up to 26 % relative error) when the input
 * channels per group are more than 16 and not a multiple of 16, for kernel size &gt; 1 (issue 11). Such a spec is
 * <em>suspect</em>. Every spec a module is built with gets a {@link Route}, chosen by measurement, never by CPU
 * name:
 * <ul>
 *   <li>{@link Policy#AUTO} (default): a suspect spec is probed once per process — the direct kernel on random
 *       data against a float64 convolution written in Java — and routed through {@link Route#CHANNEL_PADDED}
 *       (input channels zero-padded to a multiple of 16, which oneDNN computes right) only when the direct
 *       kernel is wrong; if that is wrong too, through {@link Route#IM2COL} (unfold + matmul, no oneDNN). Every
 *       other spec goes direct, so nothing is slower where oneDNN is right.</li>
 *   <li>{@link Policy#PROTECT}: every spec whose channels per group are not a multiple of 16 is padded, on every
 *       machine — the switch that keeps the workaround tested where oneDNN is right.</li>
 *   <li>{@link Policy#DIRECT}: never route around (for measuring the unprotected kernel).</li>
 * </ul>
 * The policy comes from {@code -Dparity.conv} or {@code PARITY_CONV} ({@code auto|protect|direct}).
 * {@code -Dparity.conv.emulateDefect=true} makes the direct kernel reproduce the defect's signature (the input
 * channels past the last full block of 16 ignored; float32, groups = 1, suspect specs only) so that detection and
 * routing are tested on machines whose oneDNN is right; it is fault injection, off by default.
 */
public final class ConvKernels {
    /** How a spec is computed. */
    public enum Route { DIRECT, CHANNEL_PADDED, IM2COL }

    /** Which specs are routed around the direct kernel. */
    public enum Policy { AUTO, PROTECT, DIRECT }

    /** A relative L2 error above this (against float64) is a wrong kernel, not float32 rounding (≈1e-7). */
    public static final double WRONG = 1e-5;

    private static final int BLOCK = 16;
    private static final int PROBE_FRAMES = 64;
    private static final int LONG_FRAMES = 4096;
    private static final int LONG_STEP = 32;
    private static final Map<Key, Decision> DECISIONS = new ConcurrentHashMap<>();
    private static volatile Policy policy; // null until first asked: read from the environment
    private static volatile boolean emulateDefect = Boolean.getBoolean("parity.conv.emulateDefect");

    private ConvKernels() {
    }

    /**
     * A conv1d spec as the kernel sees it (the length of the input aside).
     *
     * @param inPerGroup input channels per group
     */
    public record Key(int inPerGroup, int outChannels, int kernel, int stride, int padding, int dilation,
            int groups) {
        /** The key of a {@code torch.nn.Conv1d}. */
        public static Key of(ConvSpec s) {
            return new Key(s.in_channels() / s.groups(), s.out_channels(), s.kernel_size(), s.stride(), s.padding(),
                    s.dilation(), s.groups());
        }

        /**
         * The conv1d a {@code ConvTranspose1d} is computed with: its phases (stride·out filters of ⌈k/stride⌉ taps,
         * padded by taps − 1), else stride 1 on the zero-stuffed input.
         */
        public static Key ofTransposed(ConvSpec s) {
            if (ConvTranspose1d.byPhases(s)) {
                int taps = ConvTranspose1d.phaseTaps(s);
                return new Key(s.in_channels(), s.stride() * s.out_channels(), taps, 1, taps - 1, 1, 1);
            }
            return new Key(s.in_channels() / s.groups(), s.out_channels(), s.kernel_size(), 1, 0, s.dilation(),
                    s.groups());
        }

        /** Channels per group above 16 and not a multiple of 16, kernel above 1: oneDNN's faulty case. */
        public boolean suspect() {
            return inPerGroup > BLOCK && inPerGroup % BLOCK != 0 && kernel > 1;
        }

        /** E.g. {@code in 18, out 16, k 6, stride 3, pad 1}. */
        public String describe() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "in %d, out %d, k %d", inPerGroup * groups,
                    outChannels, kernel));
            b.append(stride != 1 ? ", stride " + stride : "").append(padding != 0 ? ", pad " + padding : "");
            b.append(dilation != 1 ? ", dil " + dilation : "").append(groups != 1 ? ", groups " + groups : "");
            return b.toString();
        }
    }

    /** One route of one spec measured against float64: relative L2 of the float32 result. */
    public record Probe(Route route, double relL2) {
        public boolean wrong() {
            return !(relL2 <= WRONG);
        }
    }

    /** The route a spec takes, with the probes that chose it (empty when nothing had to be measured). */
    public record Decision(Key key, Route route, List<Probe> probes) {
        /** True when the direct kernel was measured wrong and the spec is routed around it. */
        public boolean workaround() {
            return !probes.isEmpty() && probes.get(0).wrong();
        }

        /** One line: the faulty kernel, its measured error and the route taken. */
        public String describe() {
            Probe direct = probes.isEmpty() ? null : probes.get(0);
            Probe taken = probes.isEmpty() ? null : probes.get(probes.size() - 1);
            return String.format(Locale.ROOT, "conv1d (%s): the direct oneDNN kernel is wrong on this CPU"
                    + (emulateDefect ? " (defect emulated: -Dparity.conv.emulateDefect)" : "") + " "
                    + "(rel L2 %.2g vs float64); computed via %s instead (rel L2 %.2g)", key.describe(),
                    direct == null ? Double.NaN : direct.relL2(), route.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    taken == null ? Double.NaN : taken.relL2());
        }
    }

    /** The policy in force. */
    public static Policy policy() {
        Policy p = policy;
        if (p == null) {
            p = policyFromEnvironment();
            policy = p;
        }
        return p;
    }

    /**
     * Sets the policy and the defect emulation, forgetting every decision (tests and {@code parity doctor}).
     * Modules built before keep computing correctly: routes are looked up per call.
     */
    public static synchronized void configure(Policy p, boolean emulate) {
        policy = p;
        emulateDefect = emulate;
        DECISIONS.clear();
    }

    /** Decides (and, for a suspect spec under {@link Policy#AUTO}, measures) the route of {@code key} now. */
    public static Decision prepare(Key key) {
        OpCensus.conv(key);
        return DECISIONS.computeIfAbsent(key, ConvKernels::decide);
    }

    /** Every decision so far, in a stable order. */
    public static List<Decision> decisions() {
        List<Decision> all = new ArrayList<>(DECISIONS.values());
        all.sort(Comparator.comparing((Decision d) -> d.key().toString()));
        return all;
    }

    /** The decisions whose direct kernel was measured wrong on this machine. */
    public static List<Decision> workarounds() {
        return decisions().stream().filter(Decision::workaround).toList();
    }

    /**
     * F.conv1d. x (B, C_in, T), weight (C_out, C_in/groups, k), bias (C_out) or null; the result (B, C_out, T')
     * lives on {@code x}'s manager.
     */
    public static NDArray conv1d(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int dilation,
            int groups) {
        long[] w = weight.getShape().getShape();
        Key key = new Key((int) w[1], (int) w[0], (int) w[2], stride, padding, dilation, groups);
        Decision d = DECISIONS.get(key);
        return compute((d != null ? d : prepare(key)).route(), key, x, weight, bias);
    }

    /** Computes one spec by one route (every route gives F.conv1d's result where its kernels are right). */
    public static NDArray compute(Route route, Key k, NDArray x, NDArray weight, NDArray bias) {
        return switch (route) {
            case DIRECT -> direct(k, x, weight, bias);
            case CHANNEL_PADDED -> channelPadded(k, x, weight, bias);
            case IM2COL -> im2col(k, x, weight, bias);
        };
    }

    private static Decision decide(Key key) {
        return switch (policy()) {
            case DIRECT -> new Decision(key, Route.DIRECT, List.of());
            case PROTECT -> new Decision(key, key.inPerGroup() % BLOCK != 0 ? Route.CHANNEL_PADDED : Route.DIRECT,
                    List.of());
            case AUTO -> key.suspect() ? measureAndChoose(key) : new Decision(key, Route.DIRECT, List.of());
        };
    }

    private static Decision measureAndChoose(Key key) {
        List<Probe> probes = new ArrayList<>();
        for (Route r : Route.values()) {
            Probe p = probe(key, r);
            probes.add(p);
            if (!p.wrong()) {
                return new Decision(key, r, List.copyOf(probes));
            }
        }
        throw new IllegalStateException("no correct conv1d kernel on this machine for " + key.describe() + ": "
                + probes);
    }

    /**
     * Runs {@code route} on random data of spec {@code key} at {@value #PROBE_FRAMES} and at {@value #LONG_FRAMES}
     * output frames and measures it against a float64 convolution (at the long length on every
     * {@value #LONG_STEP}th output frame): the larger error. The long length matters: on a Zen 5 host whose CPUID
     * reports no cache sizes the direct kernel is right up to about 1,100 input frames and wrong beyond
     * (bench/conv-protection.md), and the port's inputs are longer than that.
     */
    public static Probe probe(Key key, Route route) {
        Probe a = probe(key, route, PROBE_FRAMES, 1);
        Probe b = probeLong(key, route);
        return a.wrong() && !b.wrong() ? a : b.wrong() || b.relL2() > a.relL2() ? b : a;
    }

    /** The long length alone: {@value #LONG_FRAMES} output frames, every {@value #LONG_STEP}th compared. */
    static Probe probeLong(Key key, Route route) {
        return probe(key, route, LONG_FRAMES, LONG_STEP);
    }

    /** One length: {@code frames} output frames, every {@code step}th of them compared. */
    private static Probe probe(Key key, Route route, int frames, int step) {
        Random rnd = new Random(31L * key.hashCode() + 11);
        int cin = key.inPerGroup() * key.groups();
        int t = inputLength(key, frames);
        float[] x = gaussian(rnd, cin * t);
        float[] w = gaussian(rnd, key.outChannels() * key.inPerGroup() * key.kernel());
        float[] b = gaussian(rnd, key.outChannels());
        double[] ref = reference(key, x, t, w, b, step);
        try (NDManager m = Torch.newManager()) {
            NDArray y = compute(route, key, m.create(x, new Shape(1, cin, t)),
                    m.create(w, new Shape(key.outChannels(), key.inPerGroup(), key.kernel())), m.create(b));
            return new Probe(route, relL2(everyNth(y.toType(DataType.FLOAT64, false).toDoubleArray(),
                    key.outChannels(), step), ref));
        }
    }

    /** The input length that gives {@code frames} output frames (at least 1). */
    static int inputLength(Key key, int frames) {
        return Math.max(1, (frames - 1) * key.stride() + key.dilation() * (key.kernel() - 1) + 1 - 2 * key.padding());
    }

    /** Frames 0, step, 2·step, … of each of {@code channels} rows of {@code y} (channel-major). */
    static double[] everyNth(double[] y, int channels, int step) {
        if (step == 1) {
            return y;
        }
        int frames = y.length / channels;
        int kept = (frames + step - 1) / step;
        double[] out = new double[channels * kept];
        for (int o = 0; o < channels; o++) {
            for (int i = 0; i < kept; i++) {
                out[o * kept + i] = y[o * frames + i * step];
            }
        }
        return out;
    }

    private static NDArray direct(Key k, NDArray x, NDArray weight, NDArray bias) {
        boolean emulated = emulateDefect && k.suspect() && k.groups() == 1 && x.getDataType() == DataType.FLOAT32;
        NDArray in = emulated ? dropTailChannels(x, k.inPerGroup()) : x;
        return ai.djl.nn.convolutional.Conv1d.conv1d(in, weight, bias, new Shape(k.stride()), new Shape(k.padding()),
                new Shape(k.dilation()), k.groups()).singletonOrThrow();
    }

    /** Defect emulation: the channels past the last full block of 16 read as zeros. */
    private static NDArray dropTailChannels(NDArray x, int channels) {
        int kept = channels / BLOCK * BLOCK;
        NDArray head = x.get(new NDIndex(":, :{}, :", kept)); // (B, kept, T)
        return head.concat(x.get(new NDIndex(":, {}:, :", kept)).zerosLike(), 1); // (B, C, T)
    }

    /** Input channels (and the weight's) zero-padded per group to a multiple of 16: the same sums. */
    private static NDArray channelPadded(Key k, NDArray x, NDArray weight, NDArray bias) {
        int icg = k.inPerGroup();
        int padded = (icg + BLOCK - 1) / BLOCK * BLOCK;
        if (padded == icg) {
            return direct(k, x, weight, bias);
        }
        long[] s = x.getShape().getShape(); // (B, C_in, T)
        NDArray xg = x.reshape(s[0], k.groups(), icg, s[2]); // (B, g, icg, T)
        NDArray xz = xg.getManager().zeros(new Shape(s[0], k.groups(), padded - icg, s[2]), x.getDataType());
        NDArray xp = xg.concat(xz, 2).reshape(s[0], (long) k.groups() * padded, s[2]); // (B, g·padded, T)
        NDArray wz = weight.getManager().zeros(new Shape(k.outChannels(), padded - icg, k.kernel()),
                weight.getDataType());
        NDArray wp = weight.concat(wz, 1); // (C_out, padded, k)
        Key pk = new Key(padded, k.outChannels(), k.kernel(), k.stride(), k.padding(), k.dilation(), k.groups());
        return direct(pk, xp, wp, bias);
    }

    /** Unfold + matmul (no oneDNN): columns (B, g, icg·k, T') times the weight (g, C_out/g, icg·k). */
    private static NDArray im2col(Key k, NDArray x, NDArray weight, NDArray bias) {
        NDArray xp = Pad.constant(x, k.padding(), k.padding(), 0f); // (B, C_in, T + 2p)
        long[] s = xp.getShape().getShape();
        long frames = (s[2] - (long) k.dilation() * (k.kernel() - 1) - 1) / k.stride() + 1;
        NDList taps = new NDList();
        for (int j = 0; j < k.kernel(); j++) {
            long start = (long) j * k.dilation();
            taps.add(xp.get(new NDIndex(":, :, {}:{}:{}", start, start + (frames - 1) * k.stride() + 1, k.stride())));
        }
        NDArray cols = NDArrays.stack(taps, 3) // (B, C_in, T', k)
                .reshape(s[0], k.groups(), k.inPerGroup(), frames, k.kernel()) // (B, g, icg, T', k)
                .transpose(0, 1, 2, 4, 3) // (B, g, icg, k, T')
                .reshape(s[0], k.groups(), (long) k.inPerGroup() * k.kernel(), frames); // (B, g, icg·k, T')
        NDArray w = weight.reshape(k.groups(), k.outChannels() / k.groups(), (long) k.inPerGroup() * k.kernel());
        NDArray y = w.matMul(cols).reshape(s[0], k.outChannels(), frames); // (B, C_out, T')
        return bias == null ? y : y.add(bias.reshape(1, k.outChannels(), 1));
    }

    /** F.conv1d in float64, written out: x (1, C_in, t), weight (C_out, icg, k), bias (C_out). */
    static double[] reference(Key k, float[] x, int t, float[] w, float[] b) {
        return reference(k, x, t, w, b, 1);
    }

    /** The same at output frames 0, step, 2·step, … only (channel-major), as {@link #everyNth} picks them. */
    static double[] reference(Key k, float[] x, int t, float[] w, float[] b, int step) {
        int all = (t + 2 * k.padding() - k.dilation() * (k.kernel() - 1) - 1) / k.stride() + 1;
        int frames = (all + step - 1) / step;
        int ocg = k.outChannels() / k.groups();
        double[] y = new double[k.outChannels() * frames];
        for (int o = 0; o < k.outChannels(); o++) {
            int g = o / ocg;
            for (int fi = 0; fi < frames; fi++) {
                int f = fi * step;
                double acc = b[o];
                for (int c = 0; c < k.inPerGroup(); c++) {
                    int xc = (g * k.inPerGroup() + c) * t;
                    int wc = (o * k.inPerGroup() + c) * k.kernel();
                    for (int j = 0; j < k.kernel(); j++) {
                        int ti = f * k.stride() - k.padding() + j * k.dilation();
                        if (ti >= 0 && ti < t) {
                            acc += (double) w[wc + j] * x[xc + ti];
                        }
                    }
                }
                y[o * frames + fi] = acc;
            }
        }
        return y;
    }

    static double relL2(double[] got, double[] ref) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = got[i] - ref[i];
            num += d * d;
            den += ref[i] * ref[i];
        }
        return got.length != ref.length ? Double.NaN : Math.sqrt(num / Math.max(den, Double.MIN_NORMAL));
    }

    private static float[] gaussian(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    private static Policy policyFromEnvironment() {
        return Switches.choice("conv", Policy.class, Policy.AUTO);
    }
}
