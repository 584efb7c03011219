package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** {@code torch.nn.Conv1d} (zero padding, stride, dilation, groups; optionally weight-normed). */
public class Conv1d extends Module {
    final NDArray weight; // (out_channels, in_channels/groups, kernel_size)
    final NDArray bias; // (out_channels) or null
    public final ConvSpec spec;

    public Conv1d(String path, Weights w, ConvSpec spec) {
        super(path);
        this.spec = spec;
        long[] shape = {spec.out_channels(), spec.in_channels() / spec.groups(), spec.kernel_size()};
        this.weight = spec.weightNorm() ? w.weightNormed(path, shape) : w.take(child("weight"), shape);
        this.bias = spec.bias() ? w.take(child("bias"), spec.out_channels()) : null;
        ConvKernels.prepare(ConvKernels.Key.of(spec)); // the backend check: measured now, not mid-run
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (B, in_channels, T)
        return c.out(apply(ctx, x)); // (B, out_channels, T')
    }

    /** The computation without recording the call (the context's faults apply). */
    public NDArray apply(RunContext ctx, NDArray x) {
        NDArray w = faulty(ctx, Fault.CONV_TRANSPOSED) ? transposedLayout(weight) : weight;
        return conv(x, w, bias, spec.stride(), spec.padding(), spec.dilation(), spec.groups());
    }

    /** Fault injection: the stored (out, in, k) data read as (in, out, k) and transposed back to (out, in, k). */
    private static NDArray transposedLayout(NDArray w) {
        long[] s = w.getShape().getShape();
        return w.reshape(s[1], s[0], s[2]).transpose(1, 0, 2); // (out, in, k)
    }

    /** F.conv1d through {@link ConvKernels}; the result lives on {@code x}'s manager. */
    static NDArray conv(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int dilation,
            int groups) {
        return ConvKernels.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }
}
