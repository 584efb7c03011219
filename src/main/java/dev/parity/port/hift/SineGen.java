package dev.parity.port.hift;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.TraceSink;

/**
 * Upstream {@code SineGen} ({@code mel2wav.m_source.l_sin_gen}): f0 in Hz per sample → harmonic sines plus
 * noise. Parameter-free; the numeric kernel runs on Java float arrays to reproduce torch CPU exactly:
 * {@code F_i = f0·(i+1)/sr} in float32 (two roundings), {@code cumsum} accumulated in float64 with every partial
 * sum rounded to float32, {@code θ = float32(2π)·frac(cumsum)}, initial phase drawn per harmonic (harmonic 0 set
 * to 0), {@code uv = f0 > voiced_threshold} per sample, {@code noise = (uv·noise_std + (1−uv)·sine_amp/3)·N}.
 */
public final class SineGen extends Module {
    private final int harmonic_num;
    private final float sine_amp;
    private final float noise_std;
    private final float sampling_rate;
    private final float voiced_threshold;

    public SineGen(String path, int samp_rate, int harmonic_num, double sine_amp, double noise_std,
            double voiced_threshold) {
        super(path);
        this.harmonic_num = harmonic_num;
        this.sine_amp = (float) sine_amp;
        this.noise_std = (float) noise_std;
        this.sampling_rate = samp_rate;
        this.voiced_threshold = (float) voiced_threshold;
    }

    /**
     * @param f0 (B, 1, L) Hz
     * @return [sine_waves (B, H, L), uv (B, 1, L), noise (B, H, L)], H = harmonic_num + 1
     */
    public NDList forward(TraceSink sink, RandomDraws draws, NDArray f0) {
        Call c = begin(sink).in(f0);
        NDManager m = f0.getManager();
        long[] s = f0.getShape().getShape();
        int batch = Math.toIntExact(s[0]);
        int len = Math.toIntExact(s[2]);
        int h = harmonic_num + 1;
        float[] f0v = f0.toFloatArray(); // (B, 1, L)
        float[] theta = thetaMat(f0v, batch, len); // (B, H, L)
        float[] phase = take(draws.uniform(sink, m, "sinegen_phase_uniform", path(), -Math.PI, Math.PI,
                batch, h, 1)); // (B, H, 1)
        float[] normal = take(draws.randnLike(sink, m, "sinegen_noise_std_normal", path(), batch, h, len)); // (B, H, L)
        float[] uv = uv(f0v); // (B, 1, L)
        float[] noise = new float[theta.length]; // (B, H, L)
        float[] sine = mix(theta, phase, uv, normal, noise, batch, len);
        NDArray sineWaves = m.create(sine, new Shape(batch, h, len)); // (B, H, L)
        NDArray uvArr = m.create(uv, new Shape(batch, 1, len)); // (B, 1, L)
        NDArray noiseArr = m.create(noise, new Shape(batch, h, len)); // (B, H, L)
        return new NDList(c.out(sineWaves), c.out("1", uvArr), c.out("2", noiseArr));
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
