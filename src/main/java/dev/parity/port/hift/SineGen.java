package dev.parity.port.hift;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.RunContext;

/**
 * Upstream {@code SineGen} ({@code mel2wav.m_source.l_sin_gen}): f0 in Hz per sample → harmonic sines plus
 * noise. Parameter-free; the numeric kernel runs on Java float arrays to reproduce torch CPU exactly:
 * {@code F_i = f0·(i+1)/sr} in float32 (two roundings), {@code cumsum} accumulated in float64 with every partial
 * sum rounded to float32, {@code θ = float32(2π)·frac(cumsum)}, initial phase drawn per harmonic (harmonic 0 set
 * to 0), {@code uv = f0 > voiced_threshold} per sample, {@code noise = (uv·noise_std + (1−uv)·sine_amp/3)·N}.
 * A float64 input (a float64 run) takes the same formula in float64 throughout.
 */
public final class SineGen extends Module {
    private final int harmonic_num;
    private final float sine_amp;
    private final float noise_std;
    private final float sampling_rate;
    private final float voiced_threshold;
    private final double sine_amp64;
    private final double noise_std64;
    private final double voiced_threshold64;

    public SineGen(String path, int samp_rate, int harmonic_num, double sine_amp, double noise_std,
            double voiced_threshold) {
        super(path);
        this.harmonic_num = harmonic_num;
        this.sine_amp = (float) sine_amp;
        this.noise_std = (float) noise_std;
        this.sampling_rate = samp_rate;
        this.voiced_threshold = (float) voiced_threshold;
        this.sine_amp64 = sine_amp;
        this.noise_std64 = noise_std;
        this.voiced_threshold64 = voiced_threshold;
    }

    /**
     * @param f0 (B, 1, L) Hz
     * @return [sine_waves (B, H, L), uv (B, 1, L), noise (B, H, L)], H = harmonic_num + 1
     */
    public NDList forward(RunContext ctx, RandomDraws draws, NDArray f0) {
        Call c = begin(ctx).in(f0);
        NDManager m = f0.getManager();
        long[] s = f0.getShape().getShape();
        int batch = Math.toIntExact(s[0]);
        int len = Math.toIntExact(s[2]);
        int h = harmonic_num + 1;
        if (f0.getDataType() == DataType.FLOAT64) {
            return c64(c, draws, ctx, f0, batch, len);
        }
        float[] f0v = f0.toFloatArray(); // (B, 1, L)
        float[] theta = thetaMat(f0v, batch, len); // (B, H, L)
        float[] phase = take(draws.uniform(ctx, m, "sinegen_phase_uniform", path(), -Math.PI, Math.PI,
                batch, h, 1)); // (B, H, 1)
        float[] normal = take(draws.randnLike(ctx, m, "sinegen_noise_std_normal", path(), batch, h, len)); // (B, H, L)
        float[] uv = uv(f0v); // (B, 1, L)
        float[] noise = new float[theta.length]; // (B, H, L)
        float[] sine = mix(theta, phase, uv, normal, noise, batch, len);
        NDArray sineWaves = m.create(sine, new Shape(batch, h, len)); // (B, H, L)
        NDArray uvArr = m.create(uv, new Shape(batch, 1, len)); // (B, 1, L)
        NDArray noiseArr = m.create(noise, new Shape(batch, h, len)); // (B, H, L)
        return new NDList(c.out(sineWaves), c.out("1", uvArr), c.out("2", noiseArr));
    }

    /** The float64 run: the same formula in float64 throughout (upstream with torch's default dtype float64). */
    private NDList c64(Call c, RandomDraws draws, RunContext ctx, NDArray f0, int batch, int len) {
        NDManager m = f0.getManager();
        int h = harmonic_num + 1;
        double[] f0v = f0.toDoubleArray(); // (B, 1, L)
        double[] phase = take64(draws.uniform(ctx, m, "sinegen_phase_uniform", path(), -Math.PI, Math.PI,
                batch, h, 1)); // (B, H, 1)
        double[] normal = take64(draws.randnLike(ctx, m, "sinegen_noise_std_normal", path(), batch, h, len));
        double[] sine = new double[batch * h * len]; // (B, H, L)
        double[] noise = new double[sine.length]; // (B, H, L)
        double[] uv = new double[f0v.length]; // (B, 1, L)
        for (int i = 0; i < f0v.length; i++) {
            uv[i] = f0v[i] > voiced_threshold64 ? 1 : 0;
        }
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < h; i++) {
                double ph = i == 0 ? 0 : phase[b * h + i];
                double acc = 0;
                int base = (b * h + i) * len;
                for (int t = 0; t < len; t++) {
                    acc += f0v[b * len + t] * (i + 1) / sampling_rate;
                    double theta = 2 * Math.PI * (acc - Math.floor(acc));
                    double u = uv[b * len + t];
                    double noiseAmp = u * noise_std64 + (1 - u) * sine_amp64 / 3;
                    noise[base + t] = noiseAmp * normal[base + t];
                    sine[base + t] = sine_amp64 * Math.sin(theta + ph) * u + noise[base + t];
                }
            }
        }
        return new NDList(c.out(m.create(sine, new Shape(batch, h, len))), c.out("1", m.create(uv,
                new Shape(batch, 1, len))), c.out("2", m.create(noise, new Shape(batch, h, len))));
    }

    private static double[] take64(NDArray draw) {
        double[] v = draw.toType(DataType.FLOAT64, false).toDoubleArray();
        draw.close();
        return v;
    }

    private static float[] take(NDArray draw) {
        float[] v = draw.toFloatArray();
        draw.close();
        return v;
    }

    /** θ (B, H, L) = 2π·frac(cumsum_t(f0·(i+1)/sr)), float64 accumulation rounded per partial sum. */
    float[] thetaMat(float[] f0, int batch, int len) {
        int h = harmonic_num + 1;
        float twoPi = (float) (2 * Math.PI);
        float[] theta = new float[batch * h * len];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < h; i++) {
                float mult = i + 1;
                double acc = 0;
                int base = (b * h + i) * len;
                for (int t = 0; t < len; t++) {
                    float fMat = f0[b * len + t] * mult / sampling_rate;
                    acc += fMat;
                    float cum = (float) acc;
                    float frac = cum - (float) Math.floor(cum);
                    theta[base + t] = twoPi * frac;
                }
            }
        }
        return theta;
    }

    private float[] uv(float[] f0) {
        float[] uv = new float[f0.length];
        for (int i = 0; i < f0.length; i++) {
            uv[i] = f0[i] > voiced_threshold ? 1f : 0f;
        }
        return uv;
    }

    /** sine·uv + noise with sine = sine_amp·sin(θ + phase); fills {@code noise}, returns the sine waves. */
    private float[] mix(float[] theta, float[] phase, float[] uv, float[] normal, float[] noise, int batch, int len) {
        int h = harmonic_num + 1;
        float[] out = new float[theta.length];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < h; i++) {
                float ph = i == 0 ? 0f : phase[b * h + i];
                int base = (b * h + i) * len;
                for (int t = 0; t < len; t++) {
                    float u = uv[b * len + t];
                    float sine = sine_amp * (float) Math.sin(theta[base + t] + ph);
                    float noiseAmp = u * noise_std + (1 - u) * sine_amp / 3f;
                    noise[base + t] = noiseAmp * normal[base + t];
                    out[base + t] = sine * u + noise[base + t];
                }
            }
        }
        return out;
    }
}
