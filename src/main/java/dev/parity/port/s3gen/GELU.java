package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Activations;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** diffusers GELU block: proj (Linear) then exact (erf) GELU. */
public class GELU extends Module {
    final Linear proj;

    public GELU(String path, Weights w, int dimIn, int dimOut) {
        super(path);
        this.proj = new Linear(child("proj"), w, dimIn, dimOut);
    }

    public NDArray forward(RunContext ctx, NDArray hiddenStates) {
        Call c = begin(ctx).in(hiddenStates); // (B, T, dim_in)
        return c.out(Activations.gelu(proj.forward(ctx, hiddenStates))); // (B, T, dim_out)
    }
}
