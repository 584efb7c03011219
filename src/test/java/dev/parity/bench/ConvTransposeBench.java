package dev.parity.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.parity.port.hift.HiFTConfig;
import dev.parity.port.nn.ConvKernels;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.ConvTranspose1d;
import dev.parity.port.nn.Pad;
import dev.parity.port.nn.Platform;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.Weights;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * HiFT's upsampling stack at full size ({@link HiFTConfig#fullSize()}: 512 → 256 → 128 → 64 channels, strides
 * 8·5·3, kernels 16·11·7), each {@code ConvTranspose1d} as the port computes it (by phases) against the same
 * convolution on the zero-stuffed input (how the port computed it before), alternated in one process; the two
 * results must agree within 1e-5 rel L2. {@code ConvTransposeBench [mel frames (100)] [rounds (15)]}; see
 * bench/hift.md.
 */
public final class ConvTransposeBench {
    private ConvTransposeBench() {
    }

    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        HiFTConfig cfg = HiFTConfig.fullSize();
        Random r = new Random(1);
        try (NDManager m = Torch.newManager()) {
            System.out.println(Platform.detect().summary());
            List<ConvTranspose1d> layers = new ArrayList<>();
            List<NDArray> inputs = new ArrayList<>();
            List<NDArray[]> params = new ArrayList<>(); // (in, out, k) weight and bias, for the zero-stuffed form
            long t = frames;
            for (int i = 0; i < cfg.upsample_rates().size(); i++) {
                int u = cfg.upsample_rates().get(i);
                int k = cfg.upsample_kernel_sizes().get(i);
                int in = cfg.base_channels() >> i;
                int out = cfg.base_channels() >> (i + 1);
                ConvSpec spec = ConvSpec.of(in, out, k).stride(u).padding((k - u) / 2);
                Tensor weight = random(r, 0.05, in, out, k);
                Tensor bias = random(r, 1, out);
                Weights w = Weights.of("random", Map.of("ups." + i + ".weight", weight, "ups." + i + ".bias", bias), m);
                params.add(new NDArray[] {m.create(weight.toFloatArray(), new ai.djl.ndarray.types.Shape(in, out, k)),
                    m.create(bias.toFloatArray())});
                layers.add(new ConvTranspose1d("ups." + i, w, spec));
                inputs.add(m.randomNormal(new ai.djl.ndarray.types.Shape(1, in, t)));
                t = (t - 1) * u - 2L * spec.padding() + k; // the next stage's length
            }
            double[][] phases = new double[layers.size()][rounds];
            double[][] stuffed = new double[layers.size()][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < layers.size(); i++) {
                    try (NDManager scope = m.newSubManager()) {
                        NDArray x = inputs.get(i);
                        long t0 = System.nanoTime();
                        NDArray a = layers.get(i).forward(RunContext.OFF, x);
                        a.toFloatArray();
                        long t1 = System.nanoTime();
                        NDArray b = zeroStuffed(layers.get(i).spec, params.get(i), x);
                        b.toFloatArray();
                        long t2 = System.nanoTime();
                        phases[i][round] = (t1 - t0) / 1e6;
                        stuffed[i][round] = (t2 - t1) / 1e6;
                        double rel = a.sub(b).norm().getFloat() / b.norm().getFloat();
                        if (!(rel <= 1e-5)) {
                            throw new IllegalStateException("ups." + i + ": phases and zero-stuffed differ by " + rel);
                        }
                    }
                }
            }
            double sumP = 0;
            double sumS = 0;
            for (int i = 0; i < layers.size(); i++) {
                double p = median(phases[i]);
                double s = median(stuffed[i]);
                sumP += p;
                sumS += s;
                ConvSpec spec = layers.get(i).spec;
                System.out.printf("ups.%d (in %d, out %d, k %d, stride %d; input %d frames): by phases %.1f ms, "
                        + "zero-stuffed %.1f ms (medians of %d)%n", i, spec.in_channels(), spec.out_channels(),
                        spec.kernel_size(), spec.stride(), inputs.get(i).getShape().get(2), p, s, rounds);
            }
            System.out.printf("all three: by phases %.1f ms, zero-stuffed %.1f ms (%d mel frames, %d libtorch "
                    + "threads)%n", sumP, sumS, frames, Torch.threads());
        }
    }

    /** The transposed convolution as a stride-1 convolution of the zero-stuffed, padded input. */
    private static NDArray zeroStuffed(ConvSpec s, NDArray[] params, NDArray x) {
        long b = x.getShape().get(0);
        long c = x.getShape().get(1);
        long t = x.getShape().get(2);
        NDArray z = x.getManager().zeros(new ai.djl.ndarray.types.Shape(b, c, t, s.stride() - 1), x.getDataType());
        NDArray up = x.expandDims(3).concat(z, 3).reshape(b, c, t * s.stride())
                .get(new NDIndex(":, :, :{}", (t - 1) * s.stride() + 1));
        int edge = s.kernel_size() - 1 - s.padding();
        NDArray padded = Pad.constant(up, edge, edge + s.output_padding(), 0f);
        NDArray w = params[0].transpose(1, 0, 2).flip(2); // (out, in, k), flipped in time
        return ConvKernels.conv1d(padded, w, params[1], 1, 0, 1, 1);
    }

    private static Tensor random(Random r, double scale, long... dims) {
        float[] v = new float[Math.toIntExact(Arrays.stream(dims).reduce(1, (p, q) -> p * q))];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return Tensor.ofFloats(new Shape(dims), v);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
