package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * {@code torch.nn.ConvTranspose1d}, which DJL lacks. Weight layout as in torch: (in_channels, out_channels/groups,
 * k).
 *
 * <p>With a stride above 1, dilation 1 and one group (HiFT's upsampling stack) it is computed by phases: output
 * sample {@code q·s + r} sums {@code x[q − j]·W[r + j·s]} over j, so the s phases are one ordinary convolution of the
 * input with s·out_channels filters of ⌈k/s⌉ taps (the kernel's taps r, r + s, ... flipped, zeros past k), whose
 * outputs are interleaved and cropped by the padding. Each output takes the same products as torch's; the zero-stuffed
 * form below computes s times as many, all but one in s of them with zeros: HiFT's three full-size layers at 100 mel
 * frames take 44 ms by phases against 155 ms zero-stuffed on two threads (61 against 259 ms on one; bench/hift.md).
 * Otherwise, and where the phases' length would not cover the output, the input is zero-stuffed (stride − 1 zeros
 * between samples), padded by dilation·(k−1) − padding on both sides (plus output_padding on the right) and
 * convolved with the kernel flipped in time and with in/out channels swapped per group.
 */
public class ConvTranspose1d extends Module {
    final NDArray weight; // (in_channels, out_channels/groups, kernel_size)
    final NDArray bias; // (out_channels) or null
    final NDArray convWeight; // (out_channels, in_channels/groups, kernel_size), flipped
    final NDArray phaseWeight; // (stride·out_channels, in_channels, ⌈k/stride⌉), or null: no phases
    final NDArray phaseBias; // the bias once per phase (stride·out_channels), or null
    public final ConvSpec spec;

    public ConvTranspose1d(String path, Weights w, ConvSpec spec) {
        super(path);
        this.spec = spec;
        long[] shape = {spec.in_channels(), spec.out_channels() / spec.groups(), spec.kernel_size()};
        this.weight = spec.weightNorm() ? w.weightNormed(path, shape) : w.take(child("weight"), shape);
        this.bias = spec.bias() ? w.take(child("bias"), spec.out_channels()) : null;
        this.convWeight = asConvWeight(weight, spec);
        this.phaseWeight = byPhases(spec) ? asPhaseWeight(weight, spec) : null;
        this.phaseBias = byPhases(spec) && bias != null ? bias.tile(spec.stride()) : null;
        ConvKernels.prepare(ConvKernels.Key.ofTransposed(spec));
    }

    /** Whether the convolution is computed by phases: a stride above 1, dilation 1, one group. */
    static boolean byPhases(ConvSpec s) {
        return s.stride() > 1 && s.dilation() == 1 && s.groups() == 1;
    }

    /** Taps per phase: ⌈k/stride⌉. */
    static int phaseTaps(ConvSpec s) {
        return (s.kernel_size() + s.stride() - 1) / s.stride();
    }

    /**
     * (in, out, k) → (s·out, in, J), J = ⌈k/s⌉: filter r·out + o holds taps r, r + s, ..., r + (J−1)·s of
     * W[:, o, :] in reverse order (a tap past k is zero), so that a cross-correlation computes phase r.
     */
    private static NDArray asPhaseWeight(NDArray w, ConvSpec s) {
        int st = s.stride();
        int taps = phaseTaps(s);
        long in = s.in_channels();
        long out = s.out_channels();
        int extra = taps * st - s.kernel_size();
        NDArray padded = extra == 0 ? w
                : w.concat(w.getManager().zeros(new Shape(in, out, extra), w.getDataType()), 2); // (in, out, J·s)
        return padded.reshape(in, out, taps, st) // tap j·s + r at (j, r)
                .flip(2) // j → J−1−j
                .transpose(3, 1, 0, 2) // (s, out, in, J)
                .reshape(st * out, in, taps);
    }

    private static NDArray asConvWeight(NDArray w, ConvSpec s) {
        int g = s.groups();
        long inG = s.in_channels() / g;
        long outG = s.out_channels() / g;
        return w.reshape(g, inG, outG, s.kernel_size()) // (g, in/g, out/g, k)
                .transpose(0, 2, 1, 3) // (g, out/g, in/g, k)
                .reshape(s.out_channels(), inG, s.kernel_size()) // (out, in/g, k)
                .flip(2);
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (B, in_channels, T)
        return c.out(apply(ctx, x)); // (B, out_channels, (T−1)·s − 2·p + d·(k−1) + output_padding + 1)
    }

    /** The computation without recording the call (the context's faults apply). */
    public NDArray apply(RunContext ctx, NDArray x) {
        boolean offByOne = faulty(ctx, Fault.CONV_TRANSPOSE_PADDING);
        int padding = spec.padding() - (offByOne ? 1 : 0);
        NDArray y = phaseWeight == null ? null : byPhases(x, padding);
        if (y == null) {
            y = stuffed(x, padding);
        }
        if (offByOne) { // fault injection: the two extra samples cropped at the end so lengths still match
            y = y.get(new NDIndex(":, :, :{}", y.getShape().get(2) - 2));
        }
        return y;
    }

    /**
     * The phases' outputs interleaved and cropped to torch's output (positions padding ..): null where they do not
     * cover it (a negative padding, an output_padding past the last phase), for {@link #stuffed}.
     */
    private NDArray byPhases(NDArray x, int padding) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(2);
        int st = spec.stride();
        int taps = phaseTaps(spec);
        long q = t + taps - 1; // each phase's length
        long len = (t - 1) * st - 2L * padding + spec.kernel_size() - 1 + spec.output_padding() + 1;
        if (padding < 0 || len <= 0 || padding + len > q * st) {
            return null;
        }
        NDArray phases = Conv1d.conv(x, phaseWeight, phaseBias, 1, taps - 1, 1, 1); // (B, s·out, Q)
        NDArray u = phases.reshape(b, st, spec.out_channels(), q).transpose(0, 2, 3, 1)
                .reshape(b, spec.out_channels(), q * st); // u[q·s + r] = phase r at q
        return u.get(new NDIndex(":, :, {}:{}", padding, padding + len));
    }

    /** By the zero-stuffed input: any stride, dilation and groups. */
    private NDArray stuffed(NDArray x, int padding) {
        NDArray up = stuff(x, spec.stride()); // (B, C, (T−1)·stride + 1)
        int edge = spec.dilation() * (spec.kernel_size() - 1) - padding;
        int left = Math.max(edge, 0);
        int right = Math.max(edge + spec.output_padding(), 0);
        NDArray padded = Pad.constant(up, left, right, 0f);
        NDArray y = Conv1d.conv(padded, convWeight, bias, 1, 0, spec.dilation(), spec.groups());
        if (edge < 0) { // padding larger than the kernel reach: crop instead
            long len = y.getShape().get(2);
            y = y.get(new NDIndex(":, :, {}:{}", -edge, len - Math.max(-(edge + spec.output_padding()), 0)));
        }
        return y;
    }

    /** Inserts stride − 1 zeros between time steps. */
    static NDArray stuff(NDArray x, int stride) {
        if (stride == 1) {
            return x;
        }
        long b = x.getShape().get(0);
        long c = x.getShape().get(1);
        long t = x.getShape().get(2);
        NDArray z = x.getManager().zeros(new Shape(b, c, t, stride - 1), x.getDataType());
        NDArray s = x.expandDims(3).concat(z, 3).reshape(b, c, t * stride); // (B, C, T·stride)
        return s.get(new NDIndex(":, :, :{}", (t - 1) * stride + 1));
    }
}
