package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.RunContext;

/**
 * {@code S3Tokenizer.log_mel_spectrogram} (16 kHz, 128 bins): centred STFT (reflect 200, n_fft 400, hop 160,
 * periodic Hann), the last frame dropped, |X|², Slaney mel, log10(max(·, 1e-10)), floor at the call's global
 * maximum − 8, then (x + 4)/4.
 */
public final class LogMelSpectrogram extends TracedFunction {
    public static final int N_FFT = 400;
    public static final int HOP = 160;
    private final float[][] melFilters; // (n_mels, 201): the tokenizer's computed _mel_filters buffer
    private final double[] window; // (400)

    public LogMelSpectrogram(String path, int nMels) {
        super(path, "chatterbox.models.s3tokenizer.s3tokenizer.S3Tokenizer.log_mel_spectrogram");
        this.melFilters = MelFilters.slaney(16000, N_FFT, nMels, 0, 8000);
        this.window = Dft.hann(N_FFT);
    }

    /** (1, L) float32 → (1, n_mels, L / 160). */
    public NDArray forward(RunContext ctx, NDArray audio) {
        Call c = start(ctx).in(audio); // (1, L)
        boolean centred = !faultyAt(ctx, Fault.STFT_NOT_CENTRED);
        float[] x = centred ? Dft.reflectPad(audio.toFloatArray(), N_FFT / 2) : audio.toFloatArray();
        int frames = x.length < N_FFT ? 0 : (x.length - N_FFT) / HOP; // 1 + (..)/hop, minus the dropped last one
        Dft.Spectrum s = Dft.of(audio.getManager(), Dft.frames(x, N_FFT, HOP, window, frames), frames, N_FFT, N_FFT);
        int mels = melFilters.length;
        double[] logSpec = new double[mels * frames]; // (n_mels, F)
        double max = Double.NEGATIVE_INFINITY;
        for (int f = 0; f < frames; f++) {
            for (int m = 0; m < mels; m++) {
                double acc = 0;
                for (int k = 0; k < s.bins(); k++) {
                    acc += melFilters[m][k] * s.power(f, k);
                }
                double v = Math.log10(Math.max((float) acc, 1e-10f));
                logSpec[m * frames + f] = v;
                max = Math.max(max, v);
            }
        }
        float[] out = new float[logSpec.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((Math.max(logSpec[i], max - 8.0) + 4.0) / 4.0);
        }
        return c.out(audio.getManager().create(out, new Shape(1, mels, frames)));
    }
}
