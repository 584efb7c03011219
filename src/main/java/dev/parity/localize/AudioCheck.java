package dev.parity.localize;

import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Audio-level comparison of the final mel ({@code final.mel}, (1, 80, T) log-mel) and wav ({@code final.wav},
 * 24 kHz). Frame-wise figures use the frames both have (no shift); {@code melLagFrames} is the shift of the
 * candidate's per-frame mean level that correlates best with the reference's (positive: candidate late).
 * Either half is null when a side lacks that entry.
 *
 * @param logMelCosine cosine similarity of the two log-mels (over common frames)
 * @param melRelL2 relative L2 error of the log-mel (over common frames)
 * @param bandRelL2 relative L2 error per band of {@link #BAND} consecutive mel channels, low to high
 * @param rmsRatioDb {@code 20·log10(rms_cand / rms_ref)}
 */
public record AudioCheck(MelStats refMel, MelStats candMel, double logMelCosine, double melRelL2,
                         List<Double> bandRelL2, int melLagFrames, WavStats refWav, WavStats candWav,
                         double rmsRatioDb) {
    public static final EntryId MEL = new EntryId("final.mel", 0, EntryKind.FINAL, null);
    public static final EntryId WAV = new EntryId("final.wav", 0, EntryKind.FINAL, null);
    public static final int BAND = 10;
    public static final int MAX_LAG = 25;

    public AudioCheck {
        bandRelL2 = List.copyOf(bandRelL2);
    }

    /** Compares what the two lookups hold under {@link #MEL} and {@link #WAV}. */
    public static AudioCheck of(TensorLookup ref, TensorLookup cand) {
        Tensor rm = ref.get(MEL);
        Tensor cm = cand.get(MEL);
        Tensor rw = ref.get(WAV);
        Tensor cw = cand.get(WAV);
        boolean mel = rm != null && cm != null && rm.shape().rank() >= 2 && cm.shape().rank() >= 2
                && rm.shape().dim(rm.shape().rank() - 2) == cm.shape().dim(cm.shape().rank() - 2);
        MelStats a = mel ? MelStats.of(rm) : null;
        MelStats b = mel ? MelStats.of(cm) : null;
        double[][] r = mel ? frames(rm, a) : new double[0][];
        double[][] c = mel ? frames(cm, b) : new double[0][];
        WavStats wa = rw != null && cw != null ? WavStats.of(rw) : null;
        WavStats wb = wa != null ? WavStats.of(cw) : null;
        double db = wa == null ? Double.NaN : 20 * Math.log10(wb.rms() / wa.rms());
        return new AudioCheck(a, b, mel ? cosine(r, c) : Double.NaN, mel ? relL2(r, c, 0, r.length) : Double.NaN,
                mel ? bands(r, c) : List.of(), mel ? lag(r, c) : 0, wa, wb, db);
    }

    /** (C, T) values of a (.., C, T) mel. */
    private static double[][] frames(Tensor mel, MelStats s) {
        double[] v = mel.toDoubleArray();
        double[][] out = new double[s.channels()][s.frames()];
        for (int ch = 0; ch < s.channels(); ch++) {
            System.arraycopy(v, ch * s.frames(), out[ch], 0, s.frames());
        }
        return out;
    }

    private static double cosine(double[][] r, double[][] c) {
        int t = Math.min(r[0].length, c[0].length);
        double dot = 0;
        double rr = 0;
        double cc = 0;
        for (int ch = 0; ch < r.length; ch++) {
            for (int i = 0; i < t; i++) {
                dot += r[ch][i] * c[ch][i];
                rr += r[ch][i] * r[ch][i];
                cc += c[ch][i] * c[ch][i];
            }
        }
        return rr > 0 && cc > 0 ? dot / Math.sqrt(rr * cc) : Double.NaN;
    }

    private static double relL2(double[][] r, double[][] c, int from, int to) {
        int t = Math.min(r[0].length, c[0].length);
        double dd = 0;
        double rr = 0;
        for (int ch = from; ch < to; ch++) {
            for (int i = 0; i < t; i++) {
                double d = c[ch][i] - r[ch][i];
                dd += d * d;
                rr += r[ch][i] * r[ch][i];
            }
        }
        return rr > 0 ? Math.sqrt(dd / rr) : Double.NaN;
    }

    private static List<Double> bands(double[][] r, double[][] c) {
        List<Double> out = new ArrayList<>();
        for (int from = 0; from < r.length; from += BAND) {
            out.add(relL2(r, c, from, Math.min(r.length, from + BAND)));
        }
        return out;
    }

    /** Best shift of the candidate's centred per-frame level against the reference's (normalised correlation). */
    static int lag(double[][] r, double[][] c) {
        double[] a = level(r);
        double[] b = level(c);
        int max = Math.min(MAX_LAG, Math.min(a.length, b.length) / 2);
        int best = 0;
        double bestCorr = correlation(a, b, 0);
        for (int lag = -max; lag <= max; lag++) {
            double corr = correlation(a, b, lag);
            if (corr > bestCorr + 1e-9) {
                bestCorr = corr;
                best = lag;
            }
        }
        return best;
    }

    private static double[] level(double[][] m) {
        int t = m[0].length;
        double[] out = new double[t];
        for (double[] ch : m) {
            for (int i = 0; i < t; i++) {
                out[i] += ch[i] / m.length;
            }
        }
        return out;
    }

    /** Normalised correlation of a[i] with b[i + lag] over the overlap, each side centred on the overlap. */
    private static double correlation(double[] a, double[] b, int lag) {
        int from = Math.max(0, -lag);
        int to = Math.min(a.length, b.length - lag);
        int n = to - from;
        if (n < 2) {
            return Double.NEGATIVE_INFINITY;
        }
        double ma = 0;
        double mb = 0;
        for (int i = from; i < to; i++) {
            ma += a[i] / n;
            mb += b[i + lag] / n;
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = from; i < to; i++) {
            double x = a[i] - ma;
            double y = b[i + lag] - mb;
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : Double.NEGATIVE_INFINITY;
    }
}
