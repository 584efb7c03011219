package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;

/** Time embedding: e = 1000·t·exp(−i·ln(10000)/(half − 1)), i < half = dim/2; [sin(e), cos(e)]. */
public class SinusoidalPosEmb extends Module {
    static final double SCALE = 1000;
    public final int dim;

    public SinusoidalPosEmb(String path, int dim) {
        super(path);
        if (dim % 2 != 0) {
            throw new IllegalArgumentException(path + ": dim must be even, got " + dim);
        }
        this.dim = dim;
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (B)
        int half = dim / 2;
        double step = Math.log(10000) / (half - 1);
        DataType dt = x.getDataType() == DataType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
        NDArray freqs = x.getManager().arange(0, half, 1, dt).mul(-step).exp(); // (half), float32 as upstream
        NDArray e = x.mul(SCALE).expandDims(1).mul(freqs.expandDims(0)); // (B, half)
        if (faulty(ctx, Fault.TIME_EMBEDDING_SWAPPED)) {
            return c.out(e.cos().concat(e.sin(), 1)); // (B, dim), fault injection
        }
        return c.out(e.sin().concat(e.cos(), 1)); // (B, dim)
    }
}
