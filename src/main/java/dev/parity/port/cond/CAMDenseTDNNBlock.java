package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.Scopes;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** {@code xvector.CAMDenseTDNNBlock}: layers {@code tdnnd1..N}, each output concatenated after its input. */
public final class CAMDenseTDNNBlock extends Module {
    final CAMDenseTDNNLayer[] layers;

    public CAMDenseTDNNBlock(String path, Weights w, int numLayers, int in, int out, int bn, int dilation) {
        super(path);
        layers = new CAMDenseTDNNLayer[numLayers];
        for (int i = 0; i < numLayers; i++) {
            layers[i] = new CAMDenseTDNNLayer(child("tdnnd" + (i + 1)), w, in + i * out, out, bn, dilation);
        }
    }

    /** (B, in, T) → (B, in + N·out, T). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        for (CAMDenseTDNNLayer l : layers) {
            x = Scopes.scoped(x, v -> v.concat(l.forward(ctx, v), 1));
        }
        return c.out(x);
    }
}
