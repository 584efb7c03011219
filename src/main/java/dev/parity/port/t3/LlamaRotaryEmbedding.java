package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;

/**
 * transformers {@code LlamaRotaryEmbedding} with "llama3" frequency scaling: {@code inv_freq} (head_dim/2) built
 * once in float32, angles p·f' and their cos/sin in float32, each of width head_dim as [a, a].
 */
public class LlamaRotaryEmbedding extends Module {
    private final NDArray inv_freq; // (head_dim/2) float32, llama3-scaled
    private final NDArray inv_freq_unscaled; // (head_dim/2) float32, θ^(−2i/d) (fault injection only)

    public LlamaRotaryEmbedding(String path, NDManager m, T3Config.Llama cfg) {
        super(path);
        int dim = cfg.head_dim();
        NDArray exponent = m.arange(0, dim, 2, DataType.INT64).toType(DataType.FLOAT32, false).div(dim);
        NDArray base = m.create((float) cfg.rope_theta());
        this.inv_freq_unscaled = base.pow(exponent).pow(-1); // 1 / θ^(2i/d)
        this.inv_freq = llama3(inv_freq_unscaled, cfg);
    }

    /** {@code _compute_llama3_parameters}: keep short wavelengths, divide long ones by factor, blend between. */
    private static NDArray llama3(NDArray inv, T3Config.Llama cfg) {
        double factor = cfg.rope_factor();
        double low = cfg.rope_low_freq_factor();
        double high = cfg.rope_high_freq_factor();
        double old = cfg.rope_original_max_position_embeddings();
        double lowFreqWavelen = old / low;
        double highFreqWavelen = old / high;
        NDArray wavelen = inv.pow(-1).mul((float) (2 * Math.PI)); // 2π / f
        NDArray llama = ai.djl.ndarray.NDArrays.where(wavelen.gt(lowFreqWavelen), inv.div(factor), inv);
        NDArray smooth = wavelen.pow(-1).mul((float) old).sub(low).div(high - low); // (L/λ − a)/(b − a)
        NDArray smoothed = smooth.neg().add(1).mul(llama).div(factor).add(smooth.mul(llama));
        NDArray medium = wavelen.lt(highFreqWavelen).logicalNot().logicalAnd(wavelen.gt(lowFreqWavelen).logicalNot());
        return ai.djl.ndarray.NDArrays.where(medium, smoothed, llama);
    }

    /**
     * @param x (B, T, D) only its dtype matters (recorded as the first argument)
     * @param position_ids (1, T) int64
     * @return cos and sin, each (1, T, head_dim) float32
     */
    public NDList forward(RunContext ctx, NDArray x, NDArray position_ids) {
        Call c = begin(ctx).in(x).in("position_ids", position_ids);
        NDArray f = faulty(ctx, Fault.ROPE_WITHOUT_LLAMA3_SCALING) ? inv_freq_unscaled : inv_freq;
        NDArray pos = position_ids.toType(DataType.FLOAT32, false).expandDims(2); // (1, T, 1)
        NDArray freqs = pos.mul(f); // (1, T, d/2)
        NDArray emb = freqs.concat(freqs, -1); // (1, T, d)
        NDArray cos = c.out(emb.cos());
        NDArray sin = c.out("1", emb.sin());
        return new NDList(cos, sin);
    }
}
