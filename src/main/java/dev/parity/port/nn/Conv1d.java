package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

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
    }

    public NDArray forward(TraceSink sink, NDArray x) {
        Call c = begin(sink).in(x); // (B, in_channels, T)
        return c.out(apply(x)); // (B, out_channels, T')
    }

    /** The computation without tracing. */
    public NDArray apply(NDArray x) {
        return conv(x, weight, bias, spec.stride(), spec.padding(), spec.dilation(), spec.groups());
    }

    /** F.conv1d; the result lives on {@code x}'s manager. */
    static NDArray conv(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int dilation,
            int groups) {
        return ai.djl.nn.convolutional.Conv1d.conv1d(x, weight, bias, new Shape(stride), new Shape(padding),
                new Shape(dilation), groups).singletonOrThrow();
    }
}
