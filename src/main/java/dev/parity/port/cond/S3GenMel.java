package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.audio.SampleRates;
import dev.parity.port.nn.RunContext;

/**
 * {@code s3gen/utils/mel.py mel_spectrogram} at 24 kHz (S3Gen's {@code mel_extractor} → {@code prompt_feat}):
 * reflect-pad (n_fft − hop)/2, STFT n_fft 1920 / hop 480 / periodic Hann, not centred, magnitude
 * √(re² + im² + 1e-9), Slaney mel (80, fmax 8000), ln(max(·, 1e-5)).
 */
public final class S3GenMel extends TracedFunction {
    public static final int N_FFT = 1920;
    public static final int HOP = 480;
    private final float[][] melBasis; // (80, 961)
    private final double[] window; // (1920)

    public S3GenMel(String path) {
        super(path, "chatterbox.models.s3gen.utils.mel.mel_spectrogram");
        this.melBasis = MelFilters.slaney(SampleRates.S3GEN_SR, N_FFT, 80, 0, 8000);
        this.window = Dft.hann(N_FFT);
    }

    /** (1, L) float32 → (1, 80, F), F = 1 + (L + 1440 − 1920) / 480. */
    public NDArray forward(RunContext ctx, NDArray y) {
        Call c = start(ctx).in(y); // (1, L)
        float[] x = Dft.reflectPad(y.toFloatArray(), (N_FFT - HOP) / 2); // (L + 1440)
        int frames = x.length < N_FFT ? 0 : 1 + (x.length - N_FFT) / HOP;
        Dft.Spectrum s = Dft.of(y.getManager(), Dft.frames(x, N_FFT, HOP, window, frames), frames, N_FFT, N_FFT);
        int mels = melBasis.length;
        float[] out = new float[mels * frames]; // (80, F)
        double[] mag = new double[s.bins()];
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < s.bins(); k++) {
                mag[k] = (float) Math.sqrt((float) s.power(f, k) + 1e-9f);
            }
            for (int m = 0; m < mels; m++) {
                double acc = 0;
                for (int k = 0; k < s.bins(); k++) {
                    acc += melBasis[m][k] * mag[k];
                }
                out[m * frames + f] = (float) Math.log(Math.max(acc, 1e-5));
            }
        }
        return c.out(y.getManager().create(out, new Shape(1, mels, frames)));
    }
}
