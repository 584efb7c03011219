package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** diffusers FeedForward (mult 4, gelu): net = [GELU(dim → 4·dim), Dropout, LoRACompatibleLinear(→ dim)]. */
public class FeedForward extends Module {
    static final int MULT = 4;
    final GELU net_0;
    final LoRACompatibleLinear net_2;

    public FeedForward(String path, Weights w, int dim) {
        super(path);
        this.net_0 = new GELU(child("net.0"), w, dim, MULT * dim);
        this.net_2 = new LoRACompatibleLinear(child("net.2"), w, MULT * dim, dim);
    }

    public NDArray forward(RunContext ctx, NDArray hiddenStates) {
        Call c = begin(ctx).in(hiddenStates); // (B, T, dim)
        return c.out(net_2.forward(ctx, net_0.forward(ctx, hiddenStates))); // (B, T, dim)
    }
}
