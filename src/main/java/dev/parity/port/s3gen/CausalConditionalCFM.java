package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.Scopes;
import dev.parity.port.nn.TraceSink;
import dev.parity.port.nn.TracedMethod;
import dev.parity.port.nn.Weights;

/**
 * Conditional flow matching, inference: x₀ = randn_like(mu) (all frames, prompt included); cosine time grid
 * t = 1 − cos(½π·linspace(0, 1, n+1)); Euler steps with classifier-free guidance on a batch of 2
 * ([cond, uncond]; uncond has mu = spks = cond = 0): v = (1 + r)·v_c − r·v_u.
 */
public class CausalConditionalCFM extends Module {
    final ConditionalDecoder estimator;
    final TracedMethod solve_euler;
    public final double inference_cfg_rate;

    public CausalConditionalCFM(String path, Weights w, FlowConfig cfg) {
        super(path);
        this.estimator = new ConditionalDecoder(child("estimator"), w, cfg.estimator());
        this.solve_euler = new TracedMethod(path, "CausalConditionalCFM", "solve_euler");
        this.inference_cfg_rate = cfg.cfm().inference_cfg_rate();
    }

    public NDArray forward(TraceSink sink, NDArray mu, NDArray mask, int nTimesteps, NDArray spks, NDArray cond,
            RandomDraws draws) {
        Call c = begin(sink).in(mu).in("mask", mask).in("spks", spks).in("cond", cond); // (B, 80, T) ..
        long[] shape = mu.getShape().getShape();
        NDArray z = draws.randnLike(sink, mu.getManager(), "cfm_z", path(), shape); // (B, 80, T)
        NDArray tSpan = timeGrid(mu.getManager(), nTimesteps); // (n + 1)
        return c.out(solveEuler(sink, z, tSpan, mu, mask, spks, cond)); // (B, 80, T)
    }

    /** 1 − cos(t·½·π) on linspace(0, 1, n + 1), in float32. */
    static NDArray timeGrid(NDManager m, int n) {
        NDArray t = m.linspace(0f, 1f, n + 1); // (n + 1)
        return t.mul(0.5).mul(Math.PI).cos().neg().add(1f); // (n + 1)
    }

    NDArray solveEuler(TraceSink sink, NDArray x, NDArray tSpan, NDArray mu, NDArray mask, NDArray spks,
            NDArray cond) {
        var c = solve_euler.start(sink).in(x).in("t_span", tSpan).in("mu", mu).in("mask", mask).in("spks", spks)
                .in("cond", cond);
        float[] ts = tSpan.toFloatArray();
        NDArray maskIn = mask.concat(mask, 0); // (2, 1, T)
        NDArray muIn = mu.concat(mu.zerosLike(), 0); // (2, 80, T)
        NDArray spksIn = spks.concat(spks.zerosLike(), 0); // (2, 80)
        NDArray condIn = cond.concat(cond.zerosLike(), 0); // (2, 80, T)
        float t = ts[0];
        float dt = ts[1] - ts[0];
        for (int step = 1; step < ts.length; step++) {
            float tk = t;
            float dtk = dt;
            x = Scopes.scoped(x, xk -> {
                NDArray tIn = xk.getManager().create(new float[] {tk, tk}); // (2)
                NDArray xIn = xk.concat(xk, 0); // (2, 80, T)
                NDArray v = estimator.forward(sink, xIn, maskIn, muIn, tIn, spksIn, condIn); // (2, 80, T)
                return xk.add(guided(v).mul(dtk)); // (1, 80, T)
            });
            t = t + dt;
            if (step < ts.length - 1) {
                dt = ts[step + 1] - t;
            }
        }
        return c.out(x.toType(DataType.FLOAT32, false)); // (1, 80, T)
    }

    /** (1 + r)·v_cond − r·v_uncond. */
    private NDArray guided(NDArray v) {
        NDArray vc = v.get("0:1"); // (1, 80, T)
        NDArray vu = v.get("1:2"); // (1, 80, T)
        return vc.mul(1.0 + inference_cfg_rate).sub(vu.mul(inference_cfg_rate));
    }
}
