package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.RunContext;

/**
 * {@code voice_encoder/melspec.py melspectrogram} with the VoiceEncoder's settings: {@code librosa.stft} (n_fft 400,
 * hop 160, periodic Hann in float64, centred with reflect padding, every frame kept), |X|², Slaney mel (40 bins,
 * fmax 8000); no log, no pre-emphasis, no normalisation. The complex64 output of {@code librosa.stft()} is built
 * only to be recorded.
 */
public final class VoiceEncoderMel extends TracedFunction {
    public static final int N_FFT = 400;
    public static final int HOP = 160;
    private final float[][] melBasis; // (40, 201)
    private final double[] window; // (400) float64 as scipy returns it
    private final TracedFunction stft = new TracedFunction("librosa.stft()", "librosa.audio.stft");

    public VoiceEncoderMel(String path, int numMels) {
        super(path, "chatterbox.models.voice_encoder.melspec.melspectrogram");
        this.melBasis = MelFilters.slaney(16000, N_FFT, numMels, 0, 8000);
        this.window = new double[N_FFT];
        for (int i = 0; i < N_FFT; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / N_FFT);
        }
    }

    /** librosa's complex64 STFT matrix (bins, frames), from the float64 spectrum. */
    private static NDArray complexSpectrum(ai.djl.ndarray.NDManager m, Dft.Spectrum s) {
        float[] pairs = new float[2 * s.bins() * s.frames()];
        for (int k = 0; k < s.bins(); k++) {
            for (int f = 0; f < s.frames(); f++) {
                int i = 2 * (k * s.frames() + f);
                pairs[i] = (float) s.re()[f * s.bins() + k];
                pairs[i + 1] = (float) s.im()[f * s.bins() + k];
            }
        }
        return m.create(pairs, new Shape(s.bins(), s.frames(), 2)).complex();
    }

    /** (L) float32 → (num_mels, 1 + L / 160). */
    public NDArray forward(RunContext ctx, NDArray wav) {
        Call c = start(ctx).in(wav); // (L)
        Call st = stft.start(ctx).in(wav);
        boolean centred = !stft.faultyAt(ctx, Fault.STFT_NOT_CENTRED);
        float[] x = centred ? Dft.reflectPad(wav.toFloatArray(), N_FFT / 2) : wav.toFloatArray();
        int frames = x.length < N_FFT ? 0 : 1 + (x.length - N_FFT) / HOP;
        Dft.Spectrum s = Dft.of(wav.getManager(), Dft.frames(x, N_FFT, HOP, window, frames), frames, N_FFT, N_FFT);
        if (ctx.tracing()) {
            st.out(complexSpectrum(wav.getManager(), s)); // (201, F) complex64
        }
        int mels = melBasis.length;
        float[] out = new float[mels * frames]; // (40, F)
        for (int f = 0; f < frames; f++) {
            for (int m = 0; m < mels; m++) {
                double acc = 0;
                for (int k = 0; k < s.bins(); k++) {
                    acc += melBasis[m][k] * (double) (float) s.power(f, k);
                }
                out[m * frames + f] = (float) acc;
            }
        }
        return c.out(wav.getManager().create(out, new Shape(mels, frames)));
    }
}
