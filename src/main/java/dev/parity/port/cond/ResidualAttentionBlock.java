package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.parity.port.nn.GELU;
import dev.parity.port.nn.LayerNorm;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * {@code model_v2.ResidualAttentionBlock}, pre-norm: x + attn(attn_ln(x)) (LayerNorm eps 1e-6), then
 * x + mlp(mlp_ln(x)) (eps 1e-5; Linear 4×, exact GELU, Linear).
 */
public final class ResidualAttentionBlock extends Module {
    final FSMNMultiHeadAttention attn;
    final LayerNorm attn_ln;
    final Linear mlp0;
    final GELU mlp1;
    final Linear mlp2;
    final LayerNorm mlp_ln;

    public ResidualAttentionBlock(String path, Weights w, int nState, int nHead) {
        super(path);
        attn = new FSMNMultiHeadAttention(child("attn"), w, nState, nHead);
        attn_ln = new LayerNorm(child("attn_ln"), w, nState, 1e-6);
        mlp0 = new Linear(child("mlp.0"), w, nState, 4 * nState);
        mlp1 = new GELU(child("mlp.1"), "none");
        mlp2 = new Linear(child("mlp.2"), w, 4 * nState, nState);
        mlp_ln = new LayerNorm(child("mlp_ln"), w, nState, 1e-5);
    }

    /** x (1, T, D) → (1, T, D); {@code rope} = [cos, sin] (T, head_dim) and, when tracing, freqs_cis. */
    public NDArray forward(RunContext ctx, NDArray x, NDArray mask, NDArray maskPad, NDList rope) {
        Call c = begin(ctx).in(x).in("mask", mask).in("mask_pad", maskPad)
                .in("freqs_cis", rope.size() > 2 ? rope.get(2) : null);
        x = x.add(attn.forward(ctx, attn_ln.forward(ctx, x), mask, maskPad, rope).get(0));
        x = x.add(mlp2.forward(ctx, mlp1.forward(ctx, mlp0.forward(ctx, mlp_ln.forward(ctx, x)))));
        return c.out(x);
    }
}
