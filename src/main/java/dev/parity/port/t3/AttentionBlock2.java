package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.LayerNorm;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * The perceiver's {@code AttentionBlock2}: one LayerNorm shared by queries and keys, q from x1, k and v from x2,
 * multi-head attention, {@code proj_out}, residual on the un-normalised x1.
 */
public class AttentionBlock2 extends Module {
    public final LayerNorm norm;
    public final Linear to_q;
    public final Linear to_k;
    public final Linear to_v;
    public final AttentionQKV attention;
    public final Linear proj_out;

    public AttentionBlock2(String path, Weights w, int channels, int numHeads) {
        super(path);
        norm = new LayerNorm(child("norm"), w, channels, 1e-5);
        to_q = new Linear(child("to_q"), w, channels, channels);
        to_k = new Linear(child("to_k"), w, channels, channels);
        to_v = new Linear(child("to_v"), w, channels, channels);
        attention = new AttentionQKV(child("attention"), numHeads, channels / numHeads);
        proj_out = new Linear(child("proj_out"), w, channels, channels);
    }

    /** x1 (B, L1, C) queries, x2 (B, L2, C) keys/values → (B, L1, C). */
    public NDArray forward(RunContext ctx, NDArray x1, NDArray x2) {
        Call c = begin(ctx).in(x1).in("x2", x2);
        NDArray x1_norm = norm.forward(ctx, x1);
        NDArray x2_norm = norm.forward(ctx, x2);
        NDArray q = to_q.forward(ctx, x1_norm);
        NDArray k = to_k.forward(ctx, x2_norm);
        NDArray v = to_v.forward(ctx, x2_norm);
        NDArray h = proj_out.forward(ctx, attention.forward(ctx, q, k, v));
        return c.out(x1.add(h));
    }
}
