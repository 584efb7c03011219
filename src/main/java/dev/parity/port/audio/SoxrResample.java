package dev.parity.port.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * python-soxr's {@code resample(x, in_rate, out_rate, quality="HQ")}, the resampler behind {@code librosa.load} and
 * {@code librosa.resample} (res_type {@code soxr_hq}): a port of libsoxr 0.1.3's constant-rate engine for the HQ
 * recipe (20-bit precision, linear phase, pass-band end 0.9137, stop-band start 1, "small" roll-off).
 *
 * <p>What is ported: the stage planner of {@code _soxr_init} (pre, arbitrary and post stages, their rates,
 * pass/stop bands, attenuation budget and filter lengths), the filter design of {@code filter.c} and the two stage
 * kinds every rational rate pair between common audio rates uses: the DFT stage (an FIR with up-sampling by L and
 * down-sampling by M, which libsoxr runs by FFT) and the non-interpolated poly-phase stage ({@code vpoly0}); their
 * time alignment (pre-loads, phase offsets), the zeros each stage sees before its first input, the flush and the
 * output count {@code (long)(L·out/in + 0.5)}. Each stage is computed as the FIR it is, in float64, and rounded to
 * float32 between stages as libsoxr's float32 engine (cr32s) stores it; libsoxr's float32 FFT rounding is not
 * reproduced, so the result agrees with libsoxr to float32 precision, not bit for bit.
 *
 * <p>Not ported, refused with an {@link IllegalArgumentException} naming the rates: plans that need half-band
 * stages (ratios of 4 and more, such as 96000 → 24000) or interpolated poly-phase coefficients (irrational ratios).
 */
public final class SoxrResample {
    /** libsoxr's HQ recipe. */
    static final double PRECISION = 20;
    static final double PASSBAND_END = 1 - .05 / (1 - SoxrFilter.invFResp(-3., PRECISION * SoxrFilter.linearToDb(2.)));
    static final double STOPBAND_BEGIN = 1;

    /** One stage: y[q] = Σ_m x[m]·h[base + q·M − m·L] for q ≥ 0 (x is zero before index 0 and after its end). */
    record Stage(String kind, int L, int M, double[] h, int base) {
        /** Outputs that can be non-zero for {@code n} inputs. */
        long outputs(long n) {
            return n == 0 ? 0 : Math.floorDiv(h.length - 1 - base + (n - 1) * L, (long) M) + 1;
        }
    }

    private final double in_rate;
    private final double out_rate;
    private final List<Stage> stages;

    /** Plans the conversion {@code inRate} → {@code outRate} Hz. */
    public SoxrResample(double inRate, double outRate) {
        if (!(inRate > 0) || !(outRate > 0)) {
            throw new IllegalArgumentException("sample rates must be positive, got " + inRate + " and " + outRate);
        }
        this.in_rate = inRate;
        this.out_rate = outRate;
        this.stages = inRate == outRate ? List.of() : SoxrPlan.plan(inRate, outRate);
    }

    /** The planned stages, first to last (for tests and the report). */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Stage s : stages) {
            out.add(s.kind() + " " + s.L() + "/" + s.M() + " taps=" + s.h().length);
        }
        return out;
    }

    /** soxr's output: {@code (long)(n / (in/out) + 0.5)} samples for n inputs. */
    public long outputLength(long n) {
        return (long) ((double) n / (in_rate / out_rate) + .5);
    }

    /** Resamples a float32 wave as {@code soxr.resample(x, in_rate, out_rate, "HQ")} does. */
    public float[] resample(float[] x) {
        if (stages.isEmpty()) {
            return x.clone();
        }
        float[] y = x;
        for (Stage s : stages) {
            y = run(s, y);
        }
        float[] out = new float[Math.toIntExact(outputLength(x.length))];
        System.arraycopy(y, 0, out, 0, Math.min(y.length, out.length));
        return out;
    }

    /**
     * {@code librosa.resample(y, orig_sr, target_sr)} with its default res_type {@code soxr_hq}: soxr, then the
     * length forced to {@code ceil(n·target/orig)} (zero-padded or cut at the end).
     */
    public float[] librosaResample(float[] x) {
        if (in_rate == out_rate) {
            return x.clone();
        }
        float[] y = resample(x);
        int n = (int) Math.ceil(x.length * (out_rate / in_rate));
        float[] out = new float[n];
        System.arraycopy(y, 0, out, 0, Math.min(n, y.length));
        return out;
    }

    /**
     * Runs one stage as a poly-phase FIR: output q uses phase {@code p = (base + q·M) mod L}, whose taps
     * {@code h[p], h[p + L], ...} meet {@code x[t/L], x[t/L − 1], ...}; sums in float64, one rounding to float32.
     */
    private static float[] run(Stage s, float[] x) {
        int L = s.L();
        double[][] taps = polyphase(s.h(), L);
        float[] y = new float[Math.toIntExact(s.outputs(x.length))];
        for (int q = 0; q < y.length; q++) {
            long t = s.base() + (long) q * s.M();
            double[] hr = taps[(int) (t % L)];
            long start = t / L - hr.length + 1; // x index under hr[0]
            int kLo = (int) Math.max(0, -start);
            int kHi = (int) Math.min(hr.length, x.length - start);
            double acc = 0;
            for (int k = kLo; k < kHi; k++) {
                acc += hr[k] * x[(int) (start + k)];
            }
            y[q] = (float) acc;
        }
        return y;
    }

    /** taps[p] = {h[p + L·(J−1)], ..., h[p + L], h[p]}: phase p's taps, reversed to run forward over x. */
    private static double[][] polyphase(double[] h, int L) {
        double[][] taps = new double[L][];
        for (int p = 0; p < L; p++) {
            int J = p < h.length ? (h.length - 1 - p) / L + 1 : 0;
            taps[p] = new double[J];
            for (int k = 0; k < J; k++) {
                taps[p][k] = h[p + L * (J - 1 - k)];
            }
        }
        return taps;
    }
}
