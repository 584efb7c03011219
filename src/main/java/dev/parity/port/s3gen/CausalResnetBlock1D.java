package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Mish;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** h = block1(x); h += mlp(t_emb) per channel; h = block2(h); out = h + res_conv(x·mask). */
public class CausalResnetBlock1D extends Module {
    final Mish mlp_0;
    final Linear mlp_1;
    final CausalBlock1D block1;
    final CausalBlock1D block2;
    final Conv1d res_conv;

    public CausalResnetBlock1D(String path, Weights w, int dim, int dimOut, int timeEmbDim) {
        super(path);
        this.mlp_0 = new Mish(child("mlp.0"));
        this.mlp_1 = new Linear(child("mlp.1"), w, timeEmbDim, dimOut);
        this.block1 = new CausalBlock1D(child("block1"), w, dim, dimOut);
        this.block2 = new CausalBlock1D(child("block2"), w, dimOut, dimOut);
        this.res_conv = new Conv1d(child("res_conv"), w, ConvSpec.of(dim, dimOut, 1));
    }

    public NDArray forward(RunContext ctx, NDArray x, NDArray mask, NDArray timeEmb) {
        Call c = begin(ctx).in(x).in("mask", mask).in("time_emb", timeEmb); // (B, C_in, T), (B, 1, T), (B, E)
        NDArray h = block1.forward(ctx, x, mask); // (B, C_out, T)
        NDArray t = mlp_1.forward(ctx, mlp_0.forward(ctx, timeEmb)); // (B, C_out)
        h = block2.forward(ctx, h.add(t.expandDims(2)), mask); // (B, C_out, T)
        return c.out(h.add(res_conv.forward(ctx, x.mul(mask)))); // (B, C_out, T)
    }
}
