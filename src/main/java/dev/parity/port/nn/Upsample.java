package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/**
 * {@code torch.nn.Upsample(scale_factor=s)} with the default mode "nearest" on (B, C, T): each step repeated s
 * times.
 */
public class Upsample extends Module {
    public final int scale_factor;

    public Upsample(String path, int scaleFactor) {
        super(path);
        if (scaleFactor < 1) {
            throw new IllegalArgumentException(path + ": scale_factor must be a positive integer, got " + scaleFactor);
        }
        this.scale_factor = scaleFactor;
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (B, C, T)
        long b = x.getShape().get(0);
        long ch = x.getShape().get(1);
        long t = x.getShape().get(2);
        NDArray y = x.expandDims(3).broadcast(b, ch, t, scale_factor) // (B, C, T, s)
                .reshape(b, ch, t * scale_factor); // (B, C, T·s)
        return c.out(y);
    }
}
