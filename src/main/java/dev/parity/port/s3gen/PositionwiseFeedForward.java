package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.SiLU;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** w_1 → activation → (dropout) → w_2; the activation instance is shared by every layer of the encoder. */
public class PositionwiseFeedForward extends Module {
    final Linear w_1;
    final SiLU activation;
    final Linear w_2;

    public PositionwiseFeedForward(String path, Weights w, int idim, int hiddenUnits, SiLU activation) {
        super(path);
        this.w_1 = new Linear(child("w_1"), w, idim, hiddenUnits);
        this.activation = activation;
        this.w_2 = new Linear(child("w_2"), w, hiddenUnits, idim);
    }

    public NDArray forward(RunContext ctx, NDArray xs) {
        Call c = begin(ctx).in(xs); // (B, T, idim)
        NDArray h = activation.forward(ctx, w_1.forward(ctx, xs)); // (B, T, hidden)
        return c.out(w_2.forward(ctx, h)); // (B, T, idim)
    }
}
