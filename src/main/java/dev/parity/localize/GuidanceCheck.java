package dev.parity.localize;

import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks classifier-free guidance on recorded tensors: for each ODE step k the estimator's output (batch 2:
 * row 0 conditional, row 1 unconditional) combined as {@code v = (1+w)·v_c − w·v_u} must equal the Euler update
 * {@code (x_{k+1} − x_k)/dt} seen in consecutive estimator inputs (row 0). The last step ends at the solver's
 * output; the t grid is the solver's recorded {@code t_span}, else the estimator's {@code t} inputs plus 1.
 *
 * @param w the guidance weight checked (0.7 upstream)
 * @param steps one per step whose start, end and velocity were recorded
 */
public record GuidanceCheck(double w, List<GuidanceStep> steps) {
    /** Residual above which a step does not follow the guidance formula (float32 runs give ~1e-6). */
    public static final double MAX_RESIDUAL = 1e-3;
    public static final double UPSTREAM_W = 0.7;
    public static final String SOLVER = "flow.decoder.solve_euler()";

    public GuidanceCheck {
        steps = List.copyOf(steps);
    }

    /** Whether every checked step follows the formula (vacuously true when nothing could be checked). */
    public boolean consistent() {
        return steps.stream().allMatch(s -> s.residual() <= MAX_RESIDUAL);
    }

    public double maxResidual() {
        return steps.stream().mapToDouble(GuidanceStep::residual).max().orElse(Double.NaN);
    }

    /** Runs the check on the tensors {@code lookup} finds under the reference identities. */
    public static GuidanceCheck of(TensorLookup lookup, String estimator, double w) {
        List<GuidanceStep> out = new ArrayList<>();
        double[] grid = grid(lookup, estimator);
        for (int k = 0; lookup.get(new EntryId(estimator, k, EntryKind.OUT, null)) != null; k++) {
            double[] x0 = row(lookup.get(new EntryId(estimator, k, EntryKind.IN, null)), 0);
            double[] x1 = next(lookup, estimator, k);
            double[] v = lookup.get(new EntryId(estimator, k, EntryKind.OUT, null)).toDoubleArray();
            if (x0 != null && x1 != null && k + 1 < grid.length && v.length == 2 * x0.length) {
                out.add(step(k, grid[k], grid[k + 1] - grid[k], x0, x1, v, w));
            }
        }
        return new GuidanceCheck(w, out);
    }

    private static double[] next(TensorLookup lookup, String estimator, int k) {
        double[] x = row(lookup.get(new EntryId(estimator, k + 1, EntryKind.IN, null)), 0);
        return x != null ? x : row(lookup.get(new EntryId(SOLVER, 0, EntryKind.OUT, null)), 0);
    }

    private static double[] grid(TensorLookup lookup, String estimator) {
        Tensor span = lookup.get(new EntryId(SOLVER, 0, EntryKind.IN, "t_span"));
        if (span != null) {
            return span.toDoubleArray();
        }
        List<Double> ts = new ArrayList<>();
        for (int k = 0; ; k++) {
            Tensor t = lookup.get(new EntryId(estimator, k, EntryKind.IN, "t"));
            if (t == null) {
                break;
            }
            ts.add(t.getDouble(0));
        }
        ts.add(1.0);
        return ts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Batch row {@code b} of a (B, ...) tensor, or null. */
    private static double[] row(Tensor t, int b) {
        if (t == null || t.shape().rank() == 0 || t.shape().dim(0) <= b) {
            return null;
        }
        int n = (int) (t.numel() / t.shape().dim(0));
        double[] r = new double[n];
        t.copyTo((long) b * n, r, 0, n);
        return r;
    }

    private static GuidanceStep step(int k, double t, double dt, double[] x0, double[] x1, double[] v, double w) {
        int n = x0.length;
        double dd = 0;
        double rr = 0;
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            double dx = x1[i] - x0[i];
            double vc = v[i];
            double vu = v[n + i];
            double e = dx - dt * ((1 + w) * vc - w * vu);
            dd += dx * dx;
            rr += e * e;
            num += (dx / dt - vc) * (vc - vu);
            den += (vc - vu) * (vc - vu);
        }
        return new GuidanceStep(k, t, dt, Math.sqrt(rr / Math.max(dd, Double.MIN_NORMAL)),
                den > 0 ? num / den : Double.NaN);
    }
}
