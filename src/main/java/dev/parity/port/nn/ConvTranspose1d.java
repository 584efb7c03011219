package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * {@code torch.nn.ConvTranspose1d}, which DJL lacks: the input is zero-stuffed (stride − 1 zeros between
 * samples), padded by dilation·(k−1) − padding on both sides (plus output_padding on the right) and convolved
 * with the kernel flipped in time and with in/out channels swapped per group. Weight layout as in torch:
 * (in_channels, out_channels/groups, k).
 */
public class ConvTranspose1d extends Module {
    final NDArray weight; // (in_channels, out_channels/groups, kernel_size)
    final NDArray bias; // (out_channels) or null
    final NDArray convWeight; // (out_channels, in_channels/groups, kernel_size), flipped
    public final ConvSpec spec;

    public ConvTranspose1d(String path, Weights w, ConvSpec spec) {
        super(path);
        this.spec = spec;
        long[] shape = {spec.in_channels(), spec.out_channels() / spec.groups(), spec.kernel_size()};
        this.weight = spec.weightNorm() ? w.weightNormed(path, shape) : w.take(child("weight"), shape);
        this.bias = spec.bias() ? w.take(child("bias"), spec.out_channels()) : null;
        this.convWeight = asConvWeight(weight, spec);
        ConvKernels.prepare(ConvKernels.Key.ofTransposed(spec));
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
        NDArray up = stuff(x, spec.stride()); // (B, C, (T−1)·stride + 1)
        boolean offByOne = faulty(ctx, Fault.CONV_TRANSPOSE_PADDING);
        int padding = spec.padding() - (offByOne ? 1 : 0);
        int edge = spec.dilation() * (spec.kernel_size() - 1) - padding;
        int left = Math.max(edge, 0);
        int right = Math.max(edge + spec.output_padding(), 0);
        NDArray padded = Pad.constant(up, left, right, 0f);
        NDArray y = Conv1d.conv(padded, convWeight, bias, 1, 0, spec.dilation(), spec.groups());
        if (edge < 0) { // padding larger than the kernel reach: crop instead
            long len = y.getShape().get(2);
            y = y.get(new NDIndex(":, :, {}:{}", -edge, len - Math.max(-(edge + spec.output_padding()), 0)));
        }
        if (offByOne) { // fault injection: the two extra samples cropped at the end so lengths still match
            y = y.get(new NDIndex(":, :, :{}", y.getShape().get(2) - 2));
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
        NDArray z = x.getManager().zeros(new ai.djl.ndarray.types.Shape(b, c, t, stride - 1), x.getDataType());
        NDArray s = x.expandDims(3).concat(z, 3).reshape(b, c, t * stride); // (B, C, T·stride)
        return s.get(new NDIndex(":, :, :{}", (t - 1) * stride + 1));
    }
}
