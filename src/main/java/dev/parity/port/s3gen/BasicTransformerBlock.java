package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.LayerNorm;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** diffusers-style block (layer_norm, no cross-attention): x += attn1(norm1(x), bias); x += ff(norm3(x)). */
public class BasicTransformerBlock extends Module {
    final LayerNorm norm1;
    final Attention attn1;
    final LayerNorm norm3;
    final FeedForward ff;

    public BasicTransformerBlock(String path, Weights w, int dim, int numAttentionHeads, int attentionHeadDim) {
        super(path);
        this.norm1 = new LayerNorm(child("norm1"), w, dim, 1e-5);
        this.attn1 = new Attention(child("attn1"), w, dim, numAttentionHeads, attentionHeadDim);
        this.norm3 = new LayerNorm(child("norm3"), w, dim, 1e-5);
        this.ff = new FeedForward(child("ff"), w, dim);
    }

    public NDArray forward(RunContext ctx, NDArray hiddenStates, NDArray attentionMask, NDArray timestep) {
        Call c = begin(ctx).in(hiddenStates).in("attention_mask", attentionMask).in("timestep", timestep);
        NDArray attnOutput = attn1.forward(ctx, norm1.forward(ctx, hiddenStates), attentionMask); // (B, T, C)
        NDArray h = attnOutput.add(hiddenStates); // (B, T, C)
        NDArray ffOutput = ff.forward(ctx, norm3.forward(ctx, h)); // (B, T, C)
        return c.out(ffOutput.add(h)); // (B, T, C)
    }
}
