package dev.parity.ui;

/**
 * The audio view's content.
 *
 * @param wave which waveform this is (its sample rate is {@link StageSignal#rate()})
 * @param cand null without a candidate waveform
 * @param candSpec null without a candidate waveform
 * @param lo low end of the spectrograms' shared dB scale
 */
public record AudioData(StageSignal wave, double[] ref, double[] cand, Slice refSpec, Slice candSpec, double lo, double hi,
                        SignalStats refStats, SignalStats candStats) {
}
