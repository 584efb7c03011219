package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.parity.port.nn.Embedding;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.TracedMethod;
import dev.parity.port.nn.Weights;

/** Upstream {@code LearnedPositionEmbeddings}: a learned table, rows 0..len−1 or a fixed row. */
public class LearnedPositionEmbeddings extends Module {
    public final Embedding emb;
    private final TracedMethod get_fixed_embedding;

    public LearnedPositionEmbeddings(String path, Weights w, int seqLen, int modelDim) {
        super(path);
        emb = new Embedding(child("emb"), w, seqLen, modelDim);
        get_fixed_embedding = new TracedMethod(path, "LearnedPositionEmbeddings", "get_fixed_embedding");
    }

    /** Rows 0..T−1 for ids x (B, T): (T, D); only the length of x matters. */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        long sl = x.getShape().get(1);
        return c.out(emb.forward(ctx, x.getManager().arange(0, sl, 1, DataType.INT64))); // (T, D)
    }

    /** {@code get_fixed_embedding(idx)}: row idx as (1, 1, D). */
    public NDArray getFixedEmbedding(RunContext ctx, ai.djl.ndarray.NDManager m, long idx) {
        Module.Call c = get_fixed_embedding.start(ctx);
        NDArray ids = m.create(new long[] {idx}, new ai.djl.ndarray.types.Shape(1, 1)); // (1, 1)
        return c.out(emb.forward(ctx, ids));
    }
}
