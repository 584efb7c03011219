package dev.parity.port.hift;

/**
 * The {@code trim_fade} buffer of upstream {@code S3Token2Wav}, applied to the vocoder output: the first
 * {@code n_trim} samples (20 ms) silenced, the next {@code n_trim} faded in with (cos(linspace(π, 0, n_trim)) + 1)/2.
 */
public final class TrimFade {
    /** S3GEN_SR / 50 = 480 samples at 24 kHz. */
    public static final int N_TRIM = 480;

    private TrimFade() {
    }

    /** The fade curve, length 2·n_trim. */
    public static float[] trimFade(int nTrim) {
        float[] f = new float[2 * nTrim];
        for (int i = 0; i < nTrim; i++) {
            float lin = (float) (Math.PI - Math.PI * i / (nTrim - 1)); // linspace(π, 0, n_trim)
            f[nTrim + i] = ((float) Math.cos(lin) + 1f) / 2f;
        }
        return f;
    }

    /** wav[:, :2·n_trim] *= trim_fade, in place, for wav (B, L) stored row-major. */
    public static float[] apply(float[] wav, int batch) {
        int len = wav.length / batch;
        float[] fade = trimFade(N_TRIM);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < Math.min(len, fade.length); i++) {
                wav[b * len + i] *= fade[i];
            }
        }
        return wav;
    }
}
