package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.LayerNorm;
import dev.parity.port.nn.Mish;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** block = [CausalConv1d(k 3), Transpose, LayerNorm over channels, Transpose, Mish] on x·mask; output·mask. */
public class CausalBlock1D extends Module {
    final CausalConv1d block_0;
    final LayerNorm block_2;
    final Mish block_4;

    public CausalBlock1D(String path, Weights w, int dim, int dimOut) {
        super(path);
        this.block_0 = new CausalConv1d(child("block.0"), w, dim, dimOut, 3);
        this.block_2 = new LayerNorm(child("block.2"), w, dimOut, 1e-5);
        this.block_4 = new Mish(child("block.4"));
    }

    public NDArray forward(RunContext ctx, NDArray x, NDArray mask) {
        Call c = begin(ctx).in(x).in("mask", mask); // (B, C_in, T), (B, 1, T)
        NDArray h = block_0.forward(ctx, x.mul(mask)); // (B, C_out, T)
        h = block_2.forward(ctx, h.transpose(0, 2, 1)).transpose(0, 2, 1); // (B, C_out, T)
        h = block_4.forward(ctx, h); // (B, C_out, T)
        return c.out(h.mul(mask)); // (B, C_out, T)
    }
}
