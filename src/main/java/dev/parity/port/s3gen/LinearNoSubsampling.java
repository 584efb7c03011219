package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.LayerNorm;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** Input layer without subsampling: {@code out} = [Linear, LayerNorm(1e-5), Dropout], then the positional encoding. */
public class LinearNoSubsampling extends Module {
    final Linear out_0;
    final LayerNorm out_1;
    final EspnetRelPositionalEncoding pos_enc;

    public LinearNoSubsampling(String path, Weights w, int idim, int odim) {
        super(path);
        this.out_0 = new Linear(child("out.0"), w, idim, odim);
        this.out_1 = new LayerNorm(child("out.1"), w, odim, 1e-5);
        this.pos_enc = new EspnetRelPositionalEncoding(child("pos_enc"), odim);
    }

    /** Returns {x, pos_emb, x_mask}. */
    public NDArray[] forward(RunContext ctx, NDArray x, NDArray xMask) {
        Call c = begin(ctx).in(x).in("x_mask", xMask); // (B, T, idim), (B, 1, T) bool
        NDArray h = out_1.forward(ctx, out_0.forward(ctx, x)); // (B, T, odim)
        NDArray[] enc = pos_enc.forward(ctx, h); // (B, T, odim), (1, 2T−1, odim)
        c.out(enc[0]);
        c.out("1", enc[1]);
        c.out("2", xMask);
        return new NDArray[] {enc[0], enc[1], xMask};
    }
}
