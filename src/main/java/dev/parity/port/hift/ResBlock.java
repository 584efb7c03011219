package dev.parity.port.hift;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.Snake;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream {@code ResBlock} (HiFi-GAN/BigVGAN style): for each dilation d,
 * {@code x = x + convs2(Snake(convs1(Snake(x))))}, convs1 dilated by d, convs2 undilated; all convs weight-normed
 * with "same" padding.
 */
public final class ResBlock extends Module {
    final List<Conv1d> convs1 = new ArrayList<>();
    final List<Conv1d> convs2 = new ArrayList<>();
    final List<Snake> activations1 = new ArrayList<>();
    final List<Snake> activations2 = new ArrayList<>();

    public ResBlock(String path, Weights w, int channels, int kernel_size, List<Integer> dilations) {
        super(path);
        for (int i = 0; i < dilations.size(); i++) {
            int d = dilations.get(i);
            ConvSpec base = ConvSpec.of(channels, channels, kernel_size).weightNormed();
            convs1.add(new Conv1d(child("convs1." + i), w, base.dilation(d).padding(get_padding(kernel_size, d))));
            convs2.add(new Conv1d(child("convs2." + i), w, base.padding(get_padding(kernel_size, 1))));
            activations1.add(new Snake(child("activations1." + i), w, channels));
            activations2.add(new Snake(child("activations2." + i), w, channels));
        }
    }

    /** Upstream {@code get_padding}: (k·d − d)/2. */
    static int get_padding(int kernel_size, int dilation) {
        return (kernel_size * dilation - dilation) / 2;
    }

    /** x (B, C, T) → (B, C, T). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (B, C, T)
        NDArray input = x;
        for (int i = 0; i < convs1.size(); i++) {
            NDArray next = residual(ctx, i, x); // (B, C, T)
            if (x != input) {
                x.close();
            }
            x = next;
        }
        return c.out(x);
    }

    /** x + convs2(Snake(convs1(Snake(x)))); the temporaries are freed on return. */
    private NDArray residual(RunContext ctx, int i, NDArray x) {
        try (NDScope scope = new NDScope()) {
            NDArray xt = activations1.get(i).forward(ctx, x); // (B, C, T)
            xt = convs1.get(i).forward(ctx, xt); // (B, C, T)
            xt = activations2.get(i).forward(ctx, xt); // (B, C, T)
            xt = convs2.get(i).forward(ctx, xt); // (B, C, T)
            NDArray y = xt.add(x); // (B, C, T)
            NDScope.unregister(y);
            return y;
        }
    }
}
