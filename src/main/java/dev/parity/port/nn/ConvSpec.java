package dev.parity.port.nn;

/**
 * Hyper-parameters of a 1-D (transposed) convolution, named as in torch.
 *
 * @param weightNorm true when the checkpoint stores the weight as weight-norm g/v (see {@link dev.parity.weights.WeightNorm})
 */
public record ConvSpec(int in_channels, int out_channels, int kernel_size, int stride, int padding, int dilation,
        int groups, int output_padding, boolean bias, boolean weightNorm) {

    /** Stride 1, no padding, dilation 1, one group, with bias. */
    public static ConvSpec of(int in, int out, int kernel) {
        return new ConvSpec(in, out, kernel, 1, 0, 1, 1, 0, true, false);
    }

    public ConvSpec stride(int s) {
        return new ConvSpec(in_channels, out_channels, kernel_size, s, padding, dilation, groups, output_padding,
                bias, weightNorm);
    }

    public ConvSpec padding(int p) {
        return new ConvSpec(in_channels, out_channels, kernel_size, stride, p, dilation, groups, output_padding,
                bias, weightNorm);
    }

    public ConvSpec dilation(int d) {
        return new ConvSpec(in_channels, out_channels, kernel_size, stride, padding, d, groups, output_padding,
                bias, weightNorm);
    }

    public ConvSpec groups(int g) {
        return new ConvSpec(in_channels, out_channels, kernel_size, stride, padding, dilation, g, output_padding,
                bias, weightNorm);
    }

    public ConvSpec outputPadding(int op) {
        return new ConvSpec(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, op, bias,
                weightNorm);
    }

    public ConvSpec noBias() {
        return new ConvSpec(in_channels, out_channels, kernel_size, stride, padding, dilation, groups,
                output_padding, false, weightNorm);
    }

    public ConvSpec weightNormed() {
        return new ConvSpec(in_channels, out_channels, kernel_size, stride, padding, dilation, groups,
                output_padding, bias, true);
    }
}
