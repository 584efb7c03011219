package dev.parity.compare;

import dev.parity.tensor.Tensor;

/**
 * Computes {@link Metrics} in a single streaming pass over two tensors of equal element count, reading them in
 * chunks so memory-mapped traces larger than the heap work.
 *
 * <p>When both tensors hold integers (or bools) the elementwise test, {@code maxAbs} and {@code minPassingAtol}
 * are computed in exact integer arithmetic, so int64 values above 2^53 (2^53 + 1 against 2^53) are told apart;
 * the moments (mean, RMSE, relative L2, cosine...) are still float64.
 */
public final class MetricsCalculator {
    private static final int CHUNK = 16384;
    /**
     * A candidate relative error |d|/den is divided out only when |d| > maxRel·den·(1 − 2^−50): rounding can move
     * the product by far less than that, so no pair whose quotient exceeds the maximum is skipped.
     */
    private static final double REL_SCREEN = 1 - 0x1p-50;

    private MetricsCalculator() {
    }

    /** Metrics of {@code cand} against {@code ref}, both read in logical (row-major) order. */
    public static Metrics compute(Tensor ref, Tensor cand, Tolerance tol) {
        if (ref.numel() != cand.numel()) {
            throw new IllegalArgumentException("element counts differ: " + ref.numel() + " vs " + cand.numel());
        }
        if (ref.dtype().isComplex() || cand.dtype().isComplex()) {
            return computeComplex(ref, cand, tol);
        }
        if (!ref.dtype().isFloating() && !cand.dtype().isFloating()) {
            return exact(ref, cand, tol);
        }
        Accumulator acc = new Accumulator(tol);
        long n = ref.numel();
        double[] r = new double[chunk(n)];
        double[] c = new double[chunk(n)];
        for (long start = 0; start < n; start += CHUNK) {
            int len = (int) Math.min(CHUNK, n - start);
            ref.copyTo(start, r, 0, len);
            cand.copyTo(start, c, 0, len);
            acc.add(r, c, len);
        }
        return acc.result(n);
    }

    /** The chunk length for {@code n} elements: no larger than the tensor (most entries are small). */
    private static int chunk(long n) {
        return (int) Math.max(1, Math.min(CHUNK, n));
    }

    private static Metrics exact(Tensor ref, Tensor cand, Tolerance tol) {
        Accumulator acc = new Accumulator(tol);
        acc.exact = true;
        long n = ref.numel();
        for (long i = 0; i < n; i++) {
            acc.addLong(ref.getLong(i), cand.getLong(i));
        }
        return acc.result(n);
    }

    /** The complex case (see {@link Metrics}); a real side is read with imaginary parts of 0. */
    private static Metrics computeComplex(Tensor ref, Tensor cand, Tolerance tol) {
        Accumulator acc = new Accumulator(tol);
        long n = ref.numel();
        double[] rRe = new double[chunk(n)];
        double[] rIm = new double[chunk(n)];
        double[] cRe = new double[chunk(n)];
        double[] cIm = new double[chunk(n)];
        for (long start = 0; start < n; start += CHUNK) {
            int len = (int) Math.min(CHUNK, n - start);
            ref.copyComplexTo(start, rRe, rIm, 0, len);
            cand.copyComplexTo(start, cRe, cIm, 0, len);
            acc.addComplex(rRe, rIm, cRe, cIm, len);
        }
        return acc.result(n);
    }

    /** Running sums; finite pairs feed the moments, non-finite values are counted. */
    private static final class Accumulator {
        private final Tolerance tol;
        private long finite;
        private long within;
        private long nanRef;
        private long nanCand;
        private long infRef;
        private long infCand;
        private long mismatched;
        private double maxAbs;
        private double sumAbs;
        private double sumSq;
        private double maxRel;
        private double refSq;
        private double candSq;
        private double dot;
        private double refAbsSum;
        private double refAbsMax;
        private double refMin = Double.POSITIVE_INFINITY;
        private double refMax = Double.NEGATIVE_INFINITY;
        private double candMin = Double.POSITIVE_INFINITY;
        private double candMax = Double.NEGATIVE_INFINITY;
        private double minAtol;
        private boolean shiftSet;
        private double shiftR;
        private double shiftC;
        private double sR;
        private double sC;
        private double sRR;
        private double sCC;
        private double sRC;
        private long momentCount;
        private boolean exact;
        private long exactMaxAbs;
        private double exactMinAtol;

        Accumulator(Tolerance tol) {
            this.tol = tol;
        }

        /**
         * One chunk of real pairs: the per-element steps of {@link #addFinite} in the same order (so the same sums,
         * bit for bit), on local variables the JIT keeps in registers, and the relative error divided out only
         * when it may be a new maximum; non-finite pairs go through {@link #addNonFinite}.
         */
        void add(double[] r, double[] c, int len) {
            final double atol = tol.atol();
            final double rtol = tol.rtol();
            long fin = 0;
            long win = 0;
            long mom = 0;
            double mAbs = maxAbs;
            double sAbs = sumAbs;
            double sSq = sumSq;
            double mRel = maxRel;
            double rSq = refSq;
            double cSq = candSq;
            double dt = dot;
            double rAbsSum = refAbsSum;
            double rAbsMax = refAbsMax;
            double rMin = refMin;
            double rMax = refMax;
            double cMin = candMin;
            double cMax = candMax;
            double mAtol = minAtol;
            double sr = sR;
            double sc = sC;
            double srr = sRR;
            double scc = sCC;
            double src = sRC;
            for (int i = 0; i < len; i++) {
                double a = r[i];
                double b = c[i];
                if (!(Double.isFinite(a) && Double.isFinite(b))) {
                    addNonFinite(a, b); // touches only the non-finite counts, within and mismatched
                    continue;
                }
                double d = b - a;
                double ad = Math.abs(d);
                double aa = Math.abs(a);
                fin++;
                if (ad > mAbs) {
                    mAbs = ad;
                }
                sAbs += ad;
                sSq += d * d;
                double den = aa > Metrics.REL_EPSILON ? aa : Metrics.REL_EPSILON; // Math.max for finite aa ≥ 0
                if (ad > mRel * den * REL_SCREEN || ad == Double.POSITIVE_INFINITY) {
                    double rel = ad / den;
                    if (rel > mRel) {
                        mRel = rel;
                    }
                }
                rSq += a * a;
                cSq += b * b;
                dt += a * b;
                rAbsSum += aa;
                if (aa > rAbsMax) {
                    rAbsMax = aa;
                }
                double excess = ad - rtol * aa; // Tolerance#excess
                if (excess > mAtol) {
                    mAtol = excess;
                }
                if (excess <= atol) { // Tolerance#passes
                    win++;
                }
                // Math.min/max, whose latency chains through the loop, as branches (same result for finite
                // values, −0.0 below +0.0 included)
                if (a <= rMin && (a < rMin || Double.doubleToRawLongBits(a) < 0)) {
                    rMin = a;
                }
                if (a >= rMax && (a > rMax || Double.doubleToRawLongBits(a) == 0)) {
                    rMax = a;
                }
                if (b <= cMin && (b < cMin || Double.doubleToRawLongBits(b) < 0)) {
                    cMin = b;
                }
                if (b >= cMax && (b > cMax || Double.doubleToRawLongBits(b) == 0)) {
                    cMax = b;
                }
                if (!shiftSet) {
                    shiftR = a;
                    shiftC = b;
                    shiftSet = true;
                }
                double x = a - shiftR;
                double y = b - shiftC;
                mom++;
                sr += x;
                sc += y;
                srr += x * x;
                scc += y * y;
                src += x * y;
            }
            finite += fin;
            within += win;
            momentCount += mom;
            maxAbs = mAbs;
            sumAbs = sAbs;
            sumSq = sSq;
            maxRel = mRel;
            refSq = rSq;
            candSq = cSq;
            dot = dt;
            refAbsSum = rAbsSum;
            refAbsMax = rAbsMax;
            refMin = rMin;
            refMax = rMax;
            candMin = cMin;
            candMax = cMax;
            minAtol = mAtol;
            sR = sr;
            sC = sc;
            sRR = srr;
            sCC = scc;
            sRC = src;
        }

        void addComplex(double[] rRe, double[] rIm, double[] cRe, double[] cIm, int len) {
            for (int i = 0; i < len; i++) {
                if (Double.isFinite(rRe[i]) && Double.isFinite(rIm[i]) && Double.isFinite(cRe[i])
                        && Double.isFinite(cIm[i])) {
                    addFiniteComplex(rRe[i], rIm[i], cRe[i], cIm[i]);
                } else {
                    addNonFiniteComplex(rRe[i], rIm[i], cRe[i], cIm[i]);
                }
            }
        }

        /** One integer pair: the moments in float64, the elementwise test and |d| exactly. */
        void addLong(long a, long b) {
            long withinBefore = within;
            addFinite(a, b);
            long d = absDiff(a, b);
            exactMaxAbs = Math.max(exactMaxAbs, d);
            double aa = Math.abs((double) a);
            double bound = tol.atol() + tol.rtol() * aa; // the rule of Tolerance#excess, compared in whole numbers
            boolean pass = bound >= 0x1p63 || d <= (long) Math.floor(bound);
            within = withinBefore + (pass ? 1 : 0);
            exactMinAtol = Math.max(exactMinAtol, tol.excess(d, aa));
        }

        /** |b − a| as a long; Long.MAX_VALUE when it does not fit. */
        private static long absDiff(long a, long b) {
            try {
                long d = Math.abs(Math.subtractExact(b, a));
                return d < 0 ? Long.MAX_VALUE : d;
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }

        private void addFinite(double a, double b) {
            double d = b - a;
            addElement(Math.abs(d), Math.abs(a), d * d, a * a, b * b, a * b);
            ranges(a, b);
            moments(a, b);
        }

        /** One complex pair: moduli for the elementwise figures, both parts for the sums of squares. */
        private void addFiniteComplex(double aRe, double aIm, double bRe, double bIm) {
            double dRe = bRe - aRe;
            double dIm = bIm - aIm;
            double aa = Math.hypot(aRe, aIm);
            addElement(Math.hypot(dRe, dIm), aa, dRe * dRe + dIm * dIm, aRe * aRe + aIm * aIm,
                    bRe * bRe + bIm * bIm, aRe * bRe + aIm * bIm);
            ranges(aa, Math.hypot(bRe, bIm));
            moments(aRe, bRe);
            moments(aIm, bIm);
        }

        /**
         * @param ad |d|
         * @param aa |ref|
         */
        private void addElement(double ad, double aa, double dSq, double aSq, double bSq, double ab) {
            finite++;
            if (ad > maxAbs) {
                maxAbs = ad;
            }
            sumAbs += ad;
            sumSq += dSq;
            double rel = ad / Math.max(aa, Metrics.REL_EPSILON);
            if (rel > maxRel) {
                maxRel = rel;
            }
            refSq += aSq;
            candSq += bSq;
            dot += ab;
            refAbsSum += aa;
            if (aa > refAbsMax) {
                refAbsMax = aa;
            }
            double excess = tol.excess(ad, aa);
            if (excess > minAtol) {
                minAtol = excess;
            }
            if (tol.passes(excess)) {
                within++;
            }
        }

        private void ranges(double a, double b) {
            refMin = Math.min(refMin, a);
            refMax = Math.max(refMax, a);
            candMin = Math.min(candMin, b);
            candMax = Math.max(candMax, b);
        }

        private void moments(double a, double b) {
            if (!shiftSet) {
                shiftR = a;
                shiftC = b;
                shiftSet = true;
            }
            double x = a - shiftR;
            double y = b - shiftC;
            momentCount++;
            sR += x;
            sC += y;
            sRR += x * x;
            sCC += y * y;
            sRC += x * y;
        }

        private void addNonFinite(double a, double b) {
            if (Double.isNaN(a)) {
                nanRef++;
            } else if (Double.isInfinite(a)) {
                infRef++;
            }
            if (Double.isNaN(b)) {
                nanCand++;
            } else if (Double.isInfinite(b)) {
                infCand++;
            }
            countMatch(same(a, b));
        }

        /** A complex pair with a non-finite part: NaN when either part is NaN, else infinite. */
        private void addNonFiniteComplex(double aRe, double aIm, double bRe, double bIm) {
            boolean nanA = Double.isNaN(aRe) || Double.isNaN(aIm);
            boolean nanB = Double.isNaN(bRe) || Double.isNaN(bIm);
            nanRef += nanA ? 1 : 0;
            infRef += !nanA && !(Double.isFinite(aRe) && Double.isFinite(aIm)) ? 1 : 0;
            nanCand += nanB ? 1 : 0;
            infCand += !nanB && !(Double.isFinite(bRe) && Double.isFinite(bIm)) ? 1 : 0;
            countMatch(same(aRe, bRe) && same(aIm, bIm));
        }

        private static boolean same(double a, double b) {
            return (Double.isNaN(a) && Double.isNaN(b)) || a == b;
        }

        private void countMatch(boolean same) {
            if (same) {
                within++;
            } else {
                mismatched++;
            }
        }

        Metrics result(long n) {
            double refL2 = Math.sqrt(refSq);
            double diffL2 = Math.sqrt(sumSq);
            double relL2 = refL2 > 0 ? diffL2 / refL2 : (diffL2 == 0 ? 0 : Double.POSITIVE_INFINITY);
            double cos = cosine(refL2, Math.sqrt(candSq));
            double snr = sumSq == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(refSq / sumSq);
            double f = Math.max(finite, 1);
            double maxD = exact ? exactMaxAbs : maxAbs;
            double minA = exact ? Math.max(exactMinAtol, 0) : minAtol;
            return new Metrics(n, maxD, sumAbs / f, Math.sqrt(sumSq / f), relL2, maxRel, cos, pearson(), snr,
                    nanRef, nanCand, infRef, infCand, mismatched, n == 0 ? 1.0 : (double) within / n,
                    finite == 0 ? Double.NaN : refMin, finite == 0 ? Double.NaN : refMax,
                    finite == 0 ? Double.NaN : candMin, finite == 0 ? Double.NaN : candMax,
                    refL2, refAbsSum / f, refAbsMax, mismatched > 0 ? Double.POSITIVE_INFINITY : minA);
        }

        private double cosine(double refL2, double candL2) {
            if (refL2 == 0 && candL2 == 0) {
                return 1;
            }
            if (refL2 == 0 || candL2 == 0) {
                return 0;
            }
            return dot / (refL2 * candL2);
        }

        private double pearson() {
            if (momentCount < 2) {
                return Double.NaN;
            }
            double vr = sRR - sR * sR / momentCount;
            double vc = sCC - sC * sC / momentCount;
            if (vr <= 0 || vc <= 0) {
                return Double.NaN;
            }
            return (sRC - sR * sC / momentCount) / Math.sqrt(vr * vc);
        }
    }
}
