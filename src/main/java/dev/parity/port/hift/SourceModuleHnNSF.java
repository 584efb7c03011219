package dev.parity.port.hift;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.Tanh;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * Upstream {@code SourceModuleHnNSF} ({@code mel2wav.m_source}): harmonic sines from {@link SineGen}, merged by
 * {@code tanh(l_linear(·))} into one excitation. The noise branch draws {@code randn_like(uv)·sine_amp/3}, which
 * inference discards but which consumes a draw, so it is reproduced (and traced) too.
 */
public final class SourceModuleHnNSF extends Module {
    final SineGen l_sin_gen;
    final Linear l_linear;
    final Tanh l_tanh;
    final double sine_amp;

    public SourceModuleHnNSF(String path, Weights w, int sampling_rate, int upsample_scale, int harmonic_num,
            double sine_amp, double add_noise_std, double voiced_threshod) {
        super(path);
        this.sine_amp = sine_amp;
        this.l_sin_gen = new SineGen(child("l_sin_gen"), sampling_rate, harmonic_num, sine_amp, add_noise_std,
                voiced_threshod);
        this.l_linear = new Linear(child("l_linear"), w, harmonic_num + 1, 1);
        this.l_tanh = new Tanh(child("l_tanh"));
    }

    /**
     * @param x f0 per sample (B, L, 1)
     * @return [sine_merge (B, L, 1), noise (B, L, 1), uv (B, L, 1)]
     */
    public NDList forward(RunContext ctx, RandomDraws draws, NDArray x) {
        Call c = begin(ctx).in(x); // (B, L, 1)
        NDList sines = l_sin_gen.forward(ctx, draws, x.transpose(0, 2, 1)); // [(B, H, L), (B, 1, L), (B, H, L)]
        NDArray sine_wavs = sines.get(0).transpose(0, 2, 1); // (B, L, H)
        NDArray uv = sines.get(1).transpose(0, 2, 1); // (B, L, 1)
        NDArray sine_merge = l_tanh.forward(ctx, l_linear.forward(ctx, sine_wavs)); // (B, L, 1)
        NDArray n = draws.randnLike(ctx, x.getManager(), "source_noise_branch_unused", path(),
                uv.getShape().getShape()).toType(x.getDataType(), false); // (B, L, 1)
        NDArray noise = n.mul(sine_amp).div(3); // (B, L, 1)
        return new NDList(c.out(sine_merge), c.out("1", noise), c.out("2", uv));
    }
}
