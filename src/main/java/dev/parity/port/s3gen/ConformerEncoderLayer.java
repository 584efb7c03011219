package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.LayerNorm;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * Conformer layer as configured here (pre-norm, no macaron, no convolution module): x += MHA(norm_mha(x));
 * x += FF(norm_ff(x)); the norms use eps 1e-12.
 */
public class ConformerEncoderLayer extends Module {
    static final double NORM_EPS = 1e-12;
    final RelPositionMultiHeadedAttention self_attn;
    final PositionwiseFeedForward feed_forward;
    final LayerNorm norm_ff;
    final LayerNorm norm_mha;

    public ConformerEncoderLayer(String path, Weights w, int size, RelPositionMultiHeadedAttention selfAttn,
            PositionwiseFeedForward feedForward) {
        super(path);
        this.self_attn = selfAttn;
        this.feed_forward = feedForward;
        this.norm_ff = new LayerNorm(child("norm_ff"), w, size, NORM_EPS);
        this.norm_mha = new LayerNorm(child("norm_mha"), w, size, NORM_EPS);
    }

    /** Returns {x, mask, new_att_cache, new_cnn_cache}. */
    public NDArray[] forward(RunContext ctx, NDArray x, NDArray mask, NDArray posEmb, NDArray maskPad) {
        Call c = begin(ctx).in(x).in("mask", mask).in("pos_emb", posEmb).in("mask_pad", maskPad);
        NDArray attCache = x.getManager().zeros(new Shape(0, 0, 0, 0)); // (0, 0, 0, 0): no cache
        NDArray normed = norm_mha.forward(ctx, x); // (B, T, F)
        NDArray[] att = self_attn.forward(ctx, normed, normed, normed, mask, posEmb, attCache);
        NDArray h = x.add(att[0]); // (B, T, F)
        h = h.add(feed_forward.forward(ctx, norm_ff.forward(ctx, h))); // (B, T, F)
        NDArray cnnCache = x.getManager().zeros(new Shape(0, 0, 0)); // (0, 0, 0): no conv module
        c.out(h);
        c.out("1", mask);
        c.out("2", att[1]);
        c.out("3", cnnCache);
        return new NDArray[] {h, mask, att[1], cnnCache};
    }
}
