package dev.parity.port.audio;

/**
 * {@code torchaudio.transforms.Resample(orig_freq, new_freq)} with its defaults ({@code sinc_interp_hann},
 * {@code lowpass_filter_width} 6, {@code rolloff} 0.99), as upstream's {@code get_resampler} builds it.
 *
 * <p>The kernel is {@code _get_sinc_resample_kernel}'s: built in float64 (the tap positions {@code idx} are float64
 * when no dtype is given; the phase offsets {@code −j/new} are float32, promoted) and stored as float32. Applying it
 * is {@code _apply_sinc_resample_kernel}: zero padding of {@code width} left and {@code width + orig} right, a
 * conv1d with stride {@code orig}, phases interleaved, the output cut to {@code ceil(new·L/orig)}. Each output is
 * accumulated as PyTorch's CPU conv1d does it: in float32, tap by tap from the first, with a fused multiply-add
 * ({@code acc = fma(kernel[k], x, acc)}); that reproduces the conditioning dump's torchaudio wave bit for bit.
 */
public final class Resample {
    public static final int LOWPASS_FILTER_WIDTH = 6;
    public static final double ROLLOFF = 0.99;

    private final int orig_freq; // reduced by the gcd
    private final int new_freq; // reduced by the gcd
    private final int width;
    private final float[][] kernel; // (new_freq, K), K = 2·width + orig_freq

    /** The resampler from {@code origFreq} Hz to {@code newFreq} Hz (both positive). */
    public Resample(int origFreq, int newFreq) {
        if (origFreq <= 0 || newFreq <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + origFreq + " and " + newFreq);
        }
        int gcd = gcd(origFreq, newFreq);
        this.orig_freq = origFreq / gcd;
        this.new_freq = newFreq / gcd;
        double base_freq = Math.min(orig_freq, new_freq) * ROLLOFF;
        this.width = (int) Math.ceil(LOWPASS_FILTER_WIDTH * orig_freq / base_freq);
        this.kernel = kernel(base_freq);
    }

    private float[][] kernel(double base_freq) {
        int taps = 2 * width + orig_freq;
        float[][] k = new float[new_freq][taps];
        double scale = base_freq / orig_freq;
        for (int j = 0; j < new_freq; j++) {
            double phase = (float) -j / (float) new_freq; // float32 arange / new_freq
            for (int i = 0; i < taps; i++) {
                double idx = (double) (i - width) / orig_freq;
                double t = (phase + idx) * base_freq;
                t = Math.max(-LOWPASS_FILTER_WIDTH, Math.min(LOWPASS_FILTER_WIDTH, t));
                double c = Math.cos(t * Math.PI / LOWPASS_FILTER_WIDTH / 2);
                double window = c * c;
                t *= Math.PI;
                double sinc = t == 0 ? 1.0 : Math.sin(t) / t;
                k[j][i] = (float) (sinc * (window * scale));
            }
        }
        return k;
    }

    /** The kernel, (new_freq, 2·width + orig_freq) after dividing the rates by their gcd; a copy. */
    public float[][] kernel() {
        float[][] c = new float[kernel.length][];
        for (int j = 0; j < kernel.length; j++) {
            c[j] = kernel[j].clone();
        }
        return c;
    }

    /** Output length for {@code length} input samples: {@code ceil(float32(new·L/orig))}, as torchaudio computes it. */
    public long outputLength(long length) {
        return (long) Math.ceil((float) ((double) new_freq * length / orig_freq));
    }

    /** Resamples one wave (T,) → (ceil(new·T/orig),); the same array back when the rates are equal. */
    public float[] forward(float[] waveform) {
        if (orig_freq == new_freq) {
            return waveform;
        }
        int length = waveform.length;
        int frames = length / orig_freq + 1; // conv1d output positions
        int target = (int) Math.min(outputLength(length), (long) frames * new_freq);
        float[] out = new float[target];
        int taps = kernel[0].length;
        for (int m = 0; m < frames; m++) {
            int start = m * orig_freq - width; // first input sample under tap 0
            for (int j = 0; j < new_freq && m * new_freq + j < target; j++) {
                float[] kj = kernel[j];
                float acc = 0f;
                int lo = Math.max(0, -start); // taps over the zero padding add nothing
                int hi = Math.min(taps, length - start);
                for (int i = lo; i < hi; i++) {
                    acc = Math.fma(kj[i], waveform[start + i], acc);
                }
                out[m * new_freq + j] = acc;
            }
        }
        return out;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
