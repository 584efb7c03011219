package dev.parity.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The step × layer view of an autoregressive run: the largest relative L2 error per forward pass / sampling step
 * (the entries' call index) and per column of a {@link SamplerLayout}. NaN where nothing was recorded, +∞ for a shape
 * mismatch without metrics.
 *
 * @param cells one row per step, one value per column
 */
public record CallMatrix(List<Integer> steps, List<String> columns, List<List<Double>> cells) {
    public CallMatrix {
        steps = List.copyOf(steps);
        columns = List.copyOf(columns);
        cells = cells.stream().map(List::copyOf).toList();
    }

    /** The cell for a step and column, NaN when absent. */
    public double cell(int step, String column) {
        int r = steps.indexOf(step);
        int c = columns.indexOf(column);
        return r < 0 || c < 0 ? Double.NaN : cells.get(r).get(c);
    }

    /** Builds the matrix from comparison results whose entries {@code layout} places in a column. */
    public static CallMatrix of(List<EntryResult> results, SamplerLayout layout) {
        List<String> cols = new ArrayList<>();
        int maxStep = -1;
        for (EntryResult r : results) {
            String c = layout.column(r.reference().id());
            if (c != null) {
                if (!cols.contains(c)) {
                    cols.add(c);
                }
                maxStep = Math.max(maxStep, r.reference().call());
            }
        }
        double[][] cells = new double[maxStep + 1][cols.size()];
        for (double[] row : cells) {
            Arrays.fill(row, Double.NaN);
        }
        for (EntryResult r : results) {
            String c = layout.column(r.reference().id());
            if (c != null && r.status() != EntryStatus.MISSING) {
                double[] row = cells[r.reference().call()];
                int j = cols.indexOf(c);
                double e = error(r);
                row[j] = Double.isNaN(row[j]) ? e : Math.max(row[j], e);
            }
        }
        List<Integer> steps = new ArrayList<>();
        List<List<Double>> rows = new ArrayList<>();
        for (int k = 0; k <= maxStep; k++) {
            steps.add(k);
            rows.add(Arrays.stream(cells[k]).boxed().toList());
        }
        return new CallMatrix(steps, cols, rows);
    }

    private static double error(EntryResult r) {
        if (r.metrics() == null) {
            return r.status() == EntryStatus.SHAPE_MISMATCH ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        return r.metrics().relL2();
    }
}
