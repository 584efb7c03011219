package dev.parity.localize;

import dev.parity.compare.EntryResult;
import dev.parity.compare.EntryStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * The ODE view: relative L2 error per step (estimator call) and per part of the estimator. A column is one direct
 * child of the estimator ({@code down_blocks.0}, {@code mid_blocks.1}, {@code time_mlp}, ...) or the estimator's
 * own {@code in}/{@code out}; a cell is the largest relative L2 of the entries recorded there (NaN when none was
 * recorded, +∞ for a shape mismatch).
 *
 * @param cells one row per step, one value per column
 * @param floorRatios the same cells as multiples of the noise floor (NaN without floor)
 */
public record StepMatrix(List<Integer> steps, List<String> columns, List<List<Double>> cells,
                         List<List<Double>> floorRatios) {
    public static final String IN = "(in)";
    public static final String OUT = "(out)";

    public StepMatrix {
        steps = List.copyOf(steps);
        columns = List.copyOf(columns);
        cells = cells.stream().map(List::copyOf).toList();
        floorRatios = floorRatios.stream().map(List::copyOf).toList();
    }

    /** The cell for a step and column name, NaN when absent. */
    public double cell(int step, String column) {
        int r = steps.indexOf(step);
        int c = columns.indexOf(column);
        return r < 0 || c < 0 ? Double.NaN : cells.get(r).get(c);
    }

    /** Builds the matrix from comparison results (their {@code step} field) under {@code estimator}. */
    public static StepMatrix of(List<EntryResult> results, String estimator, NoiseFloor floor) {
        TreeSet<Integer> steps = new TreeSet<>();
        List<String> cols = new ArrayList<>(List.of(IN));
        for (EntryResult r : results) {
            if (r.step() >= 0) {
                steps.add(r.step());
                String c = column(r.name(), estimator, r);
                if (!cols.contains(c)) {
                    cols.add(c);
                }
            }
        }
        cols.remove(OUT);
        cols.add(OUT);
        List<Integer> st = new ArrayList<>(steps);
        double[][] cells = filled(st.size(), cols.size());
        double[][] ratios = filled(st.size(), cols.size());
        for (EntryResult r : results) {
            if (r.step() >= 0 && r.status() != EntryStatus.MISSING) {
                int i = st.indexOf(r.step());
                int j = cols.indexOf(column(r.name(), estimator, r));
                double e = error(r);
                cells[i][j] = Double.isNaN(cells[i][j]) ? e : Math.max(cells[i][j], e);
                double q = floor.ratio(r.reference().id(), e);
                ratios[i][j] = Double.isNaN(ratios[i][j]) ? q : Math.max(ratios[i][j], q);
            }
        }
        return new StepMatrix(st, cols, lists(cells), lists(ratios));
    }

    private static String column(String name, String estimator, EntryResult r) {
        if (name.equals(estimator)) {
            return r.reference().kind().label().equals("in") ? IN : OUT;
        }
        String rest = name.substring(estimator.length() + 1);
        String[] parts = rest.split("\\.");
        boolean list = parts.length > 1 && parts[1].chars().allMatch(Character::isDigit);
        return list ? parts[0] + "." + parts[1] : parts[0];
    }

    private static double error(EntryResult r) {
        if (r.status() == EntryStatus.SHAPE_MISMATCH && r.metrics() == null) {
            return Double.POSITIVE_INFINITY;
        }
        return r.metrics() == null ? Double.NaN : r.metrics().relL2();
    }

    private static double[][] filled(int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        return a;
    }

    private static List<List<Double>> lists(double[][] a) {
        List<List<Double>> out = new ArrayList<>();
        for (double[] row : a) {
            List<Double> l = new ArrayList<>();
            for (double v : row) {
                l.add(v);
            }
            out.add(Collections.unmodifiableList(l));
        }
        return out;
    }
}
