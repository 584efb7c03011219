package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** {@code torch.nn.Embedding}: rows of the table picked by integer ids. */
public class Embedding extends Module {
    final NDArray weight; // (num_embeddings, embedding_dim)
    public final int num_embeddings;
    public final int embedding_dim;

    public Embedding(String path, Weights w, int numEmbeddings, int embeddingDim) {
        super(path);
        this.num_embeddings = numEmbeddings;
        this.embedding_dim = embeddingDim;
        this.weight = w.take(child("weight"), numEmbeddings, embeddingDim);
    }

    /**
     * @param ids integer ids (any shape); every id must be in [0, num_embeddings)
     * @throws IllegalArgumentException naming the first id out of range
     */
    public NDArray forward(RunContext ctx, NDArray ids) {
        Call c = begin(ctx).in(ids); // (B, T) int64
        long[] flat = ids.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
        for (int i = 0; i < flat.length; i++) {
            if (flat[i] < 0 || flat[i] >= num_embeddings) {
                throw new IllegalArgumentException(path() + ": id " + flat[i] + " at position " + i
                        + " is outside [0, " + num_embeddings + ")");
            }
        }
        NDArray index = ids.getManager().create(flat);
        NDArray rows = weight.get(ids.getManager(), new NDIndex("{}", index)); // (B·T, embedding_dim)
        long[] shape = java.util.Arrays.copyOf(ids.getShape().getShape(), ids.getShape().dimension() + 1);
        shape[shape.length - 1] = embedding_dim;
        return c.out(rows.reshape(shape)); // (B, T, embedding_dim)
    }
}
