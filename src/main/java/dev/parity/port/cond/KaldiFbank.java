package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.RunContext;

/**
 * {@code torchaudio.compliance.kaldi.fbank(wav, num_mel_bins=80)} with every other option at its default (16 kHz,
 * 25 ms / 10 ms frames, snip_edges, dither 0): per frame remove the DC offset, pre-emphasis 0.97 (the first sample
 * against itself), povey window (symmetric Hann)^0.85, zero-pad to 512, power spectrum, Kaldi mel banks 20 Hz –
 * Nyquist, ln(max(·, float32 eps)).
 */
public final class KaldiFbank extends TracedFunction {
    public static final int FRAME_LENGTH = 400;
    public static final int FRAME_SHIFT = 160;
    public static final int PADDED = 512;
    public static final double PREEMPHASIS = 0.97;
    private static final float EPS = Math.ulp(1.0f); // torch.finfo(float32).eps
    private final float[][] banks; // (num_mel_bins, 257)
    private final double[] window; // (400) povey

    public KaldiFbank(String path, int numMelBins) {
        super(path, "torchaudio.compliance.kaldi.fbank");
        this.banks = MelFilters.kaldi(numMelBins, PADDED, 16000, 20, 8000);
        this.window = new double[FRAME_LENGTH];
        for (int i = 0; i < FRAME_LENGTH; i++) {
            window[i] = Math.pow((float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (FRAME_LENGTH - 1))), 0.85);
        }
    }

    /** (1, L) float32 → (F, num_mel_bins), F = 1 + (L − 400) / 160. */
    public NDArray forward(RunContext ctx, NDArray waveform) {
        Call c = start(ctx).in(waveform); // (1, L)
        float[] x = waveform.toFloatArray();
        int frames = x.length < FRAME_LENGTH ? 0 : 1 + (x.length - FRAME_LENGTH) / FRAME_SHIFT;
        double[] fr = preprocessed(x, frames, !faultyAt(ctx, Fault.PREEMPHASIS_MISSING)); // (F, 400)
        Dft.Spectrum s = Dft.of(waveform.getManager(), fr, frames, FRAME_LENGTH, PADDED);
        int bins = banks.length;
        float[] out = new float[frames * bins]; // (F, bins)
        for (int f = 0; f < frames; f++) {
            for (int b = 0; b < bins; b++) {
                double acc = 0;
                for (int k = 0; k < s.bins(); k++) {
                    acc += banks[b][k] * s.power(f, k);
                }
                out[f * bins + b] = (float) Math.log(Math.max((float) acc, EPS));
            }
        }
        return c.out(waveform.getManager().create(out, new Shape(frames, bins)));
    }

    /** Frames with the DC offset removed, pre-emphasised (unless the fault drops it) and windowed. */
    private double[] preprocessed(float[] x, int frames, boolean preemphasis) {
        double[] out = new double[frames * FRAME_LENGTH];
        double[] v = new double[FRAME_LENGTH];
        for (int f = 0; f < frames; f++) {
            double mean = 0;
            for (int j = 0; j < FRAME_LENGTH; j++) {
                v[j] = x[f * FRAME_SHIFT + j];
                mean += v[j];
            }
            mean /= FRAME_LENGTH;
            for (int j = 0; j < FRAME_LENGTH; j++) {
                v[j] -= mean;
            }
            for (int j = FRAME_LENGTH - 1; preemphasis && j >= 0; j--) {
                v[j] -= PREEMPHASIS * v[Math.max(j - 1, 0)];
            }
            for (int j = 0; j < FRAME_LENGTH; j++) {
                out[f * FRAME_LENGTH + j] = v[j] * window[j];
            }
        }
        return out;
    }
}
