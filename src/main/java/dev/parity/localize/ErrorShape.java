package dev.parity.localize;

import dev.parity.tensor.Tensor;

/**
 * Fits {@code cand ≈ α·ref + β} and {@code cand ≈ α·ref} by least squares and names the error after the simplest
 * model that explains it: a fit explains the error when its residual is below {@link #EXPLAINED} of the raw error
 * (relative L2). Otherwise the error is {@link ErrorKind#SMALL} when its relative L2 is below {@link #SMALL_REL_L2},
 * else {@link ErrorKind#STRUCTURAL}.
 *
 * @param relL2 raw relative L2 error {@code ‖c − r‖/‖r‖}
 * @param gain α of the gain-only fit
 * @param affineGain α of the affine fit
 * @param offset β of the affine fit
 * @param gainResidual {@code ‖c − α·r‖/‖r‖} of the gain-only fit
 * @param affineResidual {@code ‖c − α·r − β‖/‖r‖} of the affine fit
 */
public record ErrorShape(ErrorKind kind, double relL2, double gain, double affineGain, double offset,
                         double gainResidual, double affineResidual) {
    public static final double EXPLAINED = 0.05;
    public static final double SMALL_REL_L2 = 1e-2;

    /** A shape error (no figures). */
    public static ErrorShape shape() {
        return new ErrorShape(ErrorKind.SHAPE, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN);
    }

    /**
     * Classifies the difference of two tensors with the same element count. Complex tensors are fitted on their
     * real and imaginary parts together (a real gain; a phase rotation is structural).
     */
    public static ErrorShape of(Tensor ref, Tensor cand) {
        if (ref.dtype().isComplex() != cand.dtype().isComplex()) {
            return of(complexView(ref), complexView(cand));
        }
        double[] r = ref.asReal().toDoubleArray();
        double[] c = cand.asReal().toDoubleArray();
        if (r.length != c.length) {
            return shape();
        }
        Sums s = Sums.of(r, c);
        if (s.nonFinite) {
            return new ErrorShape(ErrorKind.NON_FINITE, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN);
        }
        return classify(s);
    }

    /** A real tensor as complex with imaginary parts 0, so it lines up with a complex counterpart. */
    private static Tensor complexView(Tensor t) {
        if (t.dtype().isComplex()) {
            return t;
        }
        double[] re = t.toDoubleArray();
        return Tensor.ofComplex(dev.parity.tensor.DType.COMPLEX128, t.shape(), re, new double[re.length]);
    }

    private static ErrorShape classify(Sums s) {
        double rr = Math.max(s.rr, Double.MIN_NORMAL);
        double raw = Math.sqrt(Math.max(s.cc - 2 * s.rc + s.rr, 0) / rr);
        double alpha = s.rc / rr;
        double gainRes = Math.sqrt(Math.max(s.cc - alpha * s.rc, 0) / rr);
        double n = s.n;
        double varR = s.rr - s.r * s.r / n;
        double covRC = s.rc - s.r * s.c / n;
        double a2 = varR > 0 ? covRC / varR : 1;
        double b2 = (s.c - a2 * s.r) / n;
        double varC = s.cc - s.c * s.c / n;
        double affRes = Math.sqrt(Math.max(varC - a2 * covRC, 0) / rr);
        ErrorKind kind = kind(raw, alpha, gainRes, a2, affRes);
        return new ErrorShape(kind, raw, alpha, a2, b2, gainRes, affRes);
    }

    private static ErrorKind kind(double raw, double alpha, double gainRes, double a2, double affRes) {
        if (gainRes <= EXPLAINED * raw) {
            return Math.abs(alpha + 1) < 1e-2 ? ErrorKind.SIGN : ErrorKind.GAIN;
        }
        if (affRes <= EXPLAINED * raw) {
            return Math.abs(a2 - 1) < 1e-2 ? ErrorKind.OFFSET : ErrorKind.AFFINE;
        }
        return raw < SMALL_REL_L2 ? ErrorKind.SMALL : ErrorKind.STRUCTURAL;
    }

    /** Sums of one pass: Σr, Σc, Σr², Σc², Σrc over finite pairs. */
    private record Sums(long n, double r, double c, double rr, double cc, double rc, boolean nonFinite) {
        static Sums of(double[] r, double[] c) {
            double sr = 0;
            double sc = 0;
            double srr = 0;
            double scc = 0;
            double src = 0;
            boolean bad = false;
            for (int i = 0; i < r.length; i++) {
                if (!Double.isFinite(r[i]) || !Double.isFinite(c[i])) {
                    bad |= !(Double.isNaN(r[i]) && Double.isNaN(c[i])) && r[i] != c[i];
                    continue;
                }
                sr += r[i];
                sc += c[i];
                srr += r[i] * r[i];
                scc += c[i] * c[i];
                src += r[i] * c[i];
            }
            return new Sums(Math.max(r.length, 1), sr, sc, srr, scc, src, bad);
        }
    }
}
