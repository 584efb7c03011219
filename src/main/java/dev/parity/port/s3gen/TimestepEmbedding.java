package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.SiLU;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** diffusers TimestepEmbedding: linear_1 → SiLU → linear_2. */
public class TimestepEmbedding extends Module {
    final Linear linear_1;
    final SiLU act;
    final Linear linear_2;

    public TimestepEmbedding(String path, Weights w, int inChannels, int timeEmbedDim) {
        super(path);
        this.linear_1 = new Linear(child("linear_1"), w, inChannels, timeEmbedDim);
        this.act = new SiLU(child("act"));
        this.linear_2 = new Linear(child("linear_2"), w, timeEmbedDim, timeEmbedDim);
    }

    public NDArray forward(RunContext ctx, NDArray sample) {
        Call c = begin(ctx).in(sample); // (B, in)
        NDArray h = act.forward(ctx, linear_1.forward(ctx, sample)); // (B, time_embed_dim)
        return c.out(linear_2.forward(ctx, h)); // (B, time_embed_dim)
    }
}
