package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;

/**
 * ESPnet relative positional encoding: scales x by √d_model (adds nothing to it) and returns the (1, 2T−1, d)
 * table whose row m encodes relative position T−1−m (from +(T−1) down to −(T−1)), even columns sin, odd cos.
 */
public class EspnetRelPositionalEncoding extends Module {
    public final int d_model;
    public final double xscale;

    public EspnetRelPositionalEncoding(String path, int dModel) {
        super(path);
        this.d_model = dModel;
        this.xscale = Math.sqrt(dModel);
    }

    /** Returns {x·√d, pos_emb}. */
    public NDArray[] forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (B, T, d)
        NDArray scaled = x.mul(xscale); // (B, T, d)
        NDArray posEmb = table(x.getManager(), x.getShape().get(1), x.getDataType()); // (1, 2T−1, d)
        c.out(scaled);
        c.out("1", posEmb);
        return new NDArray[] {scaled, posEmb};
    }

    /** The rows for relative positions T−1 .. −(T−1), computed in float32 like upstream (float64 in a float64 run). */
    NDArray table(NDManager m, long t) {
        return table(m, t, DataType.FLOAT32);
    }

    NDArray table(NDManager m, long t, DataType dtype) {
        NDArray divTerm = m.arange(0, d_model, 2, dtype)
                .mul(-(Math.log(10000.0) / d_model)).exp(); // (d/2)
        NDArray position = m.arange(0, (int) t, 1, dtype); // (T): 0..T−1
        NDArray pos = position.expandDims(1).mul(divTerm.expandDims(0)); // (T, d/2) = p·div
        NDArray neg = position.neg().expandDims(1).mul(divTerm.expandDims(0)); // (T, d/2) = −p·div
        NDArray positive = interleave(pos.sin(), pos.cos()).flip(0); // (T, d): rows +(T−1) .. 0
        NDArray negative = interleave(neg.sin(), neg.cos()).get("1:"); // (T−1, d): rows −1 .. −(T−1)
        return positive.concat(negative, 0).expandDims(0); // (1, 2T−1, d)
    }

    private NDArray interleave(NDArray sin, NDArray cos) {
        long rows = sin.getShape().get(0);
        return sin.stack(cos, 2).reshape(rows, d_model); // (rows, d): even sin, odd cos
    }
}
