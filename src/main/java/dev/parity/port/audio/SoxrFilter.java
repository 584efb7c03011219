package dev.parity.port.audio;

/**
 * libsoxr 0.1.3's filter design ({@code filter.c}): Kaiser-windowed sinc low-pass filters and the response
 * approximations its stage planner uses. Everything in float64, as libsoxr computes it before storing the
 * coefficients in the engine's precision.
 */
final class SoxrFilter {
    /** Coefficients of libsoxr's {@code lsx_kaiser_beta} fit for att ≥ 60 dB, one row per octave of tr_bw/0.0005. */
    private static final double[][] BETA_FIT = {
        {-6.784957e-10, 1.02856e-05, 0.1087556, -0.8988365 + .001},
        {-6.897885e-10, 1.027433e-05, 0.10876, -0.8994658 + .002},
        {-1.000683e-09, 1.030092e-05, 0.1087677, -0.9007898 + .003},
        {-3.654474e-10, 1.040631e-05, 0.1087085, -0.8977766 + .006},
        {8.106988e-09, 6.983091e-06, 0.1091387, -0.9172048 + .015},
        {9.519571e-09, 7.272678e-06, 0.1090068, -0.9140768 + .025},
        {-5.626821e-09, 1.342186e-05, 0.1083999, -0.9065452 + .05},
        {-9.965946e-08, 5.073548e-05, 0.1040967, -0.7672778 + .085},
        {1.604808e-07, -5.856462e-05, 0.1185998, -1.34824 + .1},
        {-1.511964e-07, 6.363034e-05, 0.1064627, -0.9876665 + .18},
    };

    /** A designed filter: its taps and the Kaiser beta used. */
    record Design(double[] h, int num_taps, double beta) {
    }

    private SoxrFilter() {
    }

    static double linearToDb(double x) {
        return Math.log10(x) * 20;
    }

    /** {@code lsx_kaiser_beta}: Kaiser β for a stop-band attenuation and a transition width. */
    static double kaiserBeta(double att, double tr_bw) {
        if (att >= 60) {
            double realm = Math.log(tr_bw / .0005) / Math.log(2.);
            double[] c0 = BETA_FIT[clamp((int) realm)];
            double[] c1 = BETA_FIT[clamp(1 + (int) realm)];
            double b0 = ((c0[0] * att + c0[1]) * att + c0[2]) * att + c0[3];
            double b1 = ((c1[0] * att + c1[1]) * att + c1[2]) * att + c1[3];
            return b0 + (b1 - b0) * (realm - (int) realm);
        }
        if (att > 50) {
            return .1102 * (att - 8.7);
        }
        return att > 20.96 ? .58417 * Math.pow(att - 20.96, .4) + .07886 * (att - 20.96) : 0;
    }

    private static int clamp(int i) {
        return Math.max(0, Math.min(BETA_FIT.length - 1, i));
    }

    /** {@code lsx_make_lpf}: a symmetric Kaiser-windowed sinc of {@code num_taps} taps, cut-off Fc (1 = Nyquist). */
    static double[] makeLpf(int num_taps, double Fc, double beta, double rho, double scale) {
        int m = num_taps - 1;
        double[] h = new double[num_taps];
        double mult = scale / besselI0(beta);
        double mult1 = 1 / (.5 * m + rho);
        for (int i = 0; i <= m / 2; ++i) {
            double z = i - .5 * m;
            double x = z * Math.PI;
            double y = z * mult1;
            h[i] = x != 0 ? Math.sin(Fc * x) / x : Fc;
            h[i] *= besselI0(beta * Math.sqrt(1 - y * y)) * mult;
            h[m - i] = h[i];
        }
        return h;
    }

    /**
     * {@code lsx_design_lpf}: pass-band end Fp, stop-band start Fs, Nyquist Fn (all in the same unit), attenuation
     * att dB. {@code numTaps} 0 estimates the length; {@code k > 0} is a number of phases, {@code k < 0} makes the
     * length 1 mod −k. A negative beta is estimated.
     */
    static Design designLpf(double Fp, double Fs, double Fn, double att, int numTaps, int k, double beta) {
        int phases = Math.max(k, 1);
        int modulo = Math.max(-k, 1);
        double rho = phases == 1 ? .5 : att < 120 ? .63 : .75;
        Fp /= Math.abs(Fn);
        Fs /= Math.abs(Fn);
        double tr_bw = .5 * (Fs - Fp);
        tr_bw /= phases;
        Fs /= phases;
        tr_bw = Math.min(tr_bw, .5 * Fs);
        double Fc = Fs - tr_bw;
        double b = beta < 0 ? kaiserBeta(att, tr_bw * .5 / Fc) : beta;
        int n = numTaps;
        if (n == 0) {
            double a = att < 60 ? (att - 7.95) / (2.285 * Math.PI * 2)
                    : ((.0007528358 - 1.577737e-05 * b) * b + .6248022) * b + .06186902;
            n = (int) Math.ceil(a / tr_bw + 1);
            n = phases > 1 ? n / phases * phases + phases - 1 : (n + modulo - 2) / modulo * modulo + 1;
        }
        return new Design(Fn < 0 ? null : makeLpf(n, Fc, b, rho, phases), n, b);
    }

    /** {@code lsx_inv_f_resp}: where (as a fraction of the transition band) the response has dropped by drop dB. */
    static double invFResp(double drop, double a) {
        double x = sinePhi(a);
        double d = Math.exp(drop * (Math.log(10) * 0.05));
        double s = d > .5 ? 1 - d : d;
        x = Math.asin(Math.pow(s, 1 / sinePow(x))) / x;
        return d > .5 ? x : 1 - x;
    }

    private static double sinePhi(double x) {
        return ((2.0517e-07 * x - 1.1303e-04) * x + .023154) * x + .55924;
    }

    private static double sinePow(double x) {
        return Math.log(.5) / Math.log(Math.sin(x * .5));
    }

    /** Modified Bessel function of the first kind, order 0, by its power series (relative error ~1e-16 here). */
    static double besselI0(double x) {
        double q = x * x / 4;
        double term = 1;
        double sum = 1;
        for (int k = 1; term > sum * 1e-17; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }
}
