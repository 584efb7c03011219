package dev.parity.compare;

import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Explains a candidate that does not line up with its reference: tries the permutations of its axes (rank ≤ 6)
 * and squeezing size-1 axes, and reports the first that makes the values match. Nothing is ever reshaped silently:
 * a match is a finding, the entry keeps its failing status.
 */
public final class ShapeFinder {
    private static final int MAX_RANK = 6;

    private ShapeFinder() {
    }

    /** A reshaping that makes the candidate match, with the metrics after it. */
    public record Finding(String description, Metrics metrics) {
    }

    /**
     * The reshaping of {@code cand} that matches {@code ref} within {@code tol}, or null. With equal shapes only
     * non-identity permutations are tried (a transposed square matrix).
     */
    public static Finding explain(Tensor ref, Tensor cand, Tolerance tol) {
        if (ref.numel() != cand.numel() || ref.numel() == 0) {
            return null;
        }
        for (int[] p : permutationsTo(cand.shape(), ref.shape())) {
            Metrics m = MetricsCalculator.compute(ref, cand.permute(p), tol);
            if (m.passes(tol)) {
                return new Finding("matches reference after permute(" + join(p) + ")", m);
            }
        }
        if (!cand.shape().equals(ref.shape()) && cand.shape().squeeze().equals(ref.shape().squeeze())
                && cand.isContiguous()) {
            Metrics m = MetricsCalculator.compute(ref, cand.reshape(ref.shape()), tol);
            if (m.passes(tol)) {
                return new Finding("matches reference after reshape " + cand.shape() + " -> " + ref.shape()
                        + " (size-1 axes differ)", m);
            }
        }
        return null;
    }

    /** Every non-identity permutation p with {@code from.permute(p) == to}. */
    static List<int[]> permutationsTo(Shape from, Shape to) {
        List<int[]> out = new ArrayList<>();
        if (from.rank() != to.rank() || from.rank() > MAX_RANK || from.rank() < 2) {
            return out;
        }
        permute(new int[from.rank()], new boolean[from.rank()], 0, from, to, out);
        return out;
    }

    private static void permute(int[] p, boolean[] used, int k, Shape from, Shape to, List<int[]> out) {
        if (k == p.length) {
            if (!isIdentity(p)) {
                out.add(p.clone());
            }
            return;
        }
        for (int ax = 0; ax < p.length; ax++) {
            if (!used[ax] && from.dim(ax) == to.dim(k)) {
                used[ax] = true;
                p[k] = ax;
                permute(p, used, k + 1, from, to, out);
                used[ax] = false;
            }
        }
    }

    private static boolean isIdentity(int[] p) {
        for (int i = 0; i < p.length; i++) {
            if (p[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static String join(int[] p) {
        return String.join(", ", Arrays.stream(p).mapToObj(Integer::toString).toList());
    }
}
