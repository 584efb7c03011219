package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.SiLU;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** transformers {@code LlamaMLP}: down(act(gate(x)) ⊙ up(x)), no biases. */
public class LlamaMLP extends Module {
    public final Linear gate_proj;
    public final Linear up_proj;
    public final Linear down_proj;
    public final SiLU act_fn;

    public LlamaMLP(String path, Weights w, T3Config.Llama cfg) {
        super(path);
        gate_proj = new Linear(child("gate_proj"), w, cfg.hidden_size(), cfg.intermediate_size(), false);
        up_proj = new Linear(child("up_proj"), w, cfg.hidden_size(), cfg.intermediate_size(), false);
        down_proj = new Linear(child("down_proj"), w, cfg.intermediate_size(), cfg.hidden_size(), false);
        act_fn = new SiLU(child("act_fn"));
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (B, T, D)
        NDArray gate = act_fn.forward(ctx, gate_proj.forward(ctx, x)); // (B, T, I)
        NDArray up = up_proj.forward(ctx, x); // (B, T, I)
        return c.out(down_proj.forward(ctx, gate.mul(up))); // (B, T, D)
    }
}
