package dev.parity.port.audio;

import dev.parity.port.audio.SoxrResample.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * The stage plan of libsoxr 0.1.3's {@code _soxr_init} for the HQ recipe with the default runtime spec (automatic
 * coefficient interpolation, 400 kB coefficient budget, small-integer optimisation on): how a rate ratio splits
 * into a pre stage (DFT, L/M), an arbitrary-ratio poly-phase stage (arbL/arbM) and a post stage (DFT), with the pass
 * and stop bands and the attenuation each filter is designed for. Variable names are libsoxr's.
 */
final class SoxrPlan {
    private static final double MULT32 = 65536. * 65536.;
    /** {@code maxL} for mode ≠ 0: the largest phase count tried when looking for a rational arb ratio. */
    private static final int MAX_L = 2048;
    /** {@code soxr_runtime_spec}'s default {@code coef_size_kbytes}. */
    private static final int COEF_SIZE_KBYTES = 400;
    /** {@code rolloffs[SOXR_ROLLOFF_SMALL]}, a float in libsoxr. */
    private static final double ROLLOFF_SMALL = -.01f;

    private final double io_ratio;
    private final double att0;
    private double arbM;
    private int preL = 1;
    private int preM = 1;
    private int shr;
    private int arbL = 1;
    private int postL = 1;
    private int postM = 1;
    private boolean upsample;
    private boolean rational;
    private int mode;

    private SoxrPlan(double inRate, double outRate) {
        io_ratio = inRate / outRate;
        arbM = io_ratio;
        double bits1 = Math.min(SoxrResample.PRECISION, 33);
        att0 = (bits1 + 1) * SoxrFilter.linearToDb(2.);
        mode = ((int) Math.ceil(bits1) - 6) / 4;
    }

    static List<Stage> plan(double inRate, double outRate) {
        SoxrPlan p = new SoxrPlan(inRate, outRate);
        p.determineStages();
        if (p.shr > 0) {
            throw unsupported(inRate, outRate, p.shr + " half-band stage(s)");
        }
        return p.build(inRate, outRate);
    }

    private static IllegalArgumentException unsupported(double in, double out, String what) {
        return new IllegalArgumentException("soxr HQ " + fmt(in) + " -> " + fmt(out) + " Hz needs " + what
                + ", which this port does not have");
    }

    private static String fmt(double r) {
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    /** The {@code while (!n++)} loop of {@code _soxr_init}. */
    private void determineStages() {
        boolean again = true;
        while (again) {
            again = false;
            upsample = arbM < 1;
            shr = 0;
            for (int i = (int) (.5 * arbM); (i >>= 1) != 0; arbM *= .5, ++shr) {
                // halve until below 2
            }
            preM = upsample || (arbM > 1.5 && arbM < 2) ? 1 : 0;
            postM = 1 + (arbM > 1 && preM != 0 ? 1 : 0);
            arbM /= postM;
            preL = 1 + (preM == 0 && arbM < 2 ? 1 : 0) + (upsample && mode != 0 ? 1 : 0);
            arbM *= preL;
            findRational();
            again = optimise();
            if (mode == 0 && (!rational || again)) {
                ++mode;
                again = true;
            }
        }
    }

    private void findRational() {
        double frac = arbM - (int) arbM;
        double epsilon = frac != 0 ? Math.abs(Math.floor(frac * MULT32 + .5) / (frac * MULT32) - 1) : 0;
        rational = frac == 0;
        for (int i = 1; i <= MAX_L && !rational; ++i) {
            double d = frac * i;
            int t = (int) (d + .5);
            rational = Math.abs(t / d - 1) <= epsilon;
            if (rational) {
                if (t == i) {
                    arbM = Math.ceil(arbM);
                    int x = arbM > 3 ? 1 : 0;
                    shr += x;
                    arbM /= 1 + x;
                } else {
                    arbM = i * (int) arbM + t;
                    arbL = i;
                }
            }
        }
    }

    /** Small-integer optimisation; true when the loop must run again. */
    private boolean optimise() {
        int L = preL * arbL;
        int M = (int) (arbM * postM);
        int x = (L | M) & 1;
        L >>= x == 0 ? 1 : 0;
        M >>= x == 0 ? 1 : 0;
        double d = preL * arbL / arbM;
        if (postL == 1 && d > 4 && d != 5) {
            postL = 4;
            for (int i = (int) (d / 16); (i >>= 1) != 0 && postL < 256; postL <<= 1) {
                // double postL per octave of d/16
            }
            arbM = arbM * postL / arbL / preL;
            arbL = 1;
            return true;
        }
        if (rational && (Math.max(L, M) < 3 + 2 || L * M < 6)) {
            preL = L;
            preM = M;
            arbM = 1;
            arbL = 1;
            postM = 1;
        }
        return false;
    }

    private List<Stage> build(double inRate, double outRate) {
        boolean pre = preM * preL != 1;
        boolean arb = arbM * arbL != 1;
        boolean post = postM * postL != 1;
        int n = (pre ? 1 : 0) + (arb ? 1 : 0) + (post ? 1 : 0);
        double att = att0;
        double attArb = att;
        if (n > 1) {
            if (arb) {
                att += SoxrFilter.linearToDb(2.);
                attArb = att;
                --n;
            }
            att += SoxrFilter.linearToDb(n);
        }
        double alpha = postM / (io_ratio * postL);
        double Fp1 = SoxrResample.PASSBAND_END;
        double Fs1 = SoxrResample.STOPBAND_BEGIN;
        List<Stage> stages = new ArrayList<>();
        if (pre) {
            double Fn1 = preM != 0 ? Math.max(preL, preM) : arbM / arbL;
            stages.add(dftStage(Fp1, Fs1, Fn1, att, preL, Math.max(preM, 1)));
            Fp1 /= Fn1;
            Fs1 /= Fn1;
        }
        if (arb) {
            stages.add(polyStage(Fp1, Fs1, attArb, inRate, outRate));
        }
        if (post) {
            double Fp0 = SoxrResample.PASSBAND_END;
            double Fs0 = SoxrResample.STOPBAND_BEGIN;
            stages.add(dftStage(Fp0 / (upsample ? alpha : 1), upsample ? Math.max(2 - Fs0 / alpha, 1) : Fs0,
                    Math.max(postL, postM), att, postL, postM));
        }
        return stages;
    }

    /** {@code dft_stage_init} for linear phase: gain L, zero delay about the filter's centre. */
    private static Stage dftStage(double Fp, double Fs, double Fn, double att, int L, int M) {
        int k = Integer.bitCount(L) == 1 && Fn == L ? L << 1 : 4;
        SoxrFilter.Design d = SoxrFilter.designLpf(Fp, Fs, Fn, att, 0, -k, -1.);
        double[] h = d.h();
        for (int i = 0; i < h.length; i++) {
            h[i] *= L;
        }
        return new Stage("dft", L, M, h, d.num_taps() / 2);
    }

    /** The higher-quality arb stage of {@code _soxr_init}, rational (order 0) only. */
    private Stage polyStage(double Fp1, double Fs1, double attArb, double inRate, double outRate) {
        if (!rational) {
            throw unsupported(inRate, outRate, "interpolated poly-phase coefficients (an irrational ratio)");
        }
        double mult = upsample ? 1 : arbM / arbL;
        double Fn;
        double Fs;
        if (!upsample && preM != 0) {
            Fn = 2 * mult;
            Fs = 3 + Math.abs(Fs1 - 1);
        } else {
            Fn = 1;
            Fs = 2 - (Fp1 + (Fs1 - Fp1) * .7);
        }
        double Fp = Fs - (Fs - Fp1) / (1 - SoxrFilter.invFResp(ROLLOFF_SMALL, attArb));
        int phases = arbL;
        int n0 = SoxrFilter.designLpf(Fp, Fs, -Fn, attArb, 0, Math.max(phases, 19), -1).num_taps();
        int num_coefs = n0 / Math.max(phases, 19) + 1;
        num_coefs += preM == 0 ? num_coefs & 1 : 0;
        if ((num_coefs & 1) != 0 && (arbL & 1) != 0) {
            phases <<= 1;
            arbL <<= 1;
            arbM *= 2;
        }
        int at = (int) (arbL * (.5 * (num_coefs & 1)));
        long coefs_size = (long) ((num_coefs + 3) & ~3) * phases * 4;
        if (coefs_size / 1000 > COEF_SIZE_KBYTES) {
            throw unsupported(inRate, outRate, "interpolated poly-phase coefficients (" + coefs_size / 1000 + " kB)");
        }
        double[] coefs = SoxrFilter.designLpf(Fp, Fs, Fn, attArb, num_coefs * phases - 1, phases, -1).h();
        int base = at + (num_coefs - 1 - ((num_coefs - 1) >> 1)) * phases - 1;
        return new Stage("poly", arbL, (int) arbM, coefs, base);
    }
}
