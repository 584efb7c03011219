package dev.parity.ui;

import java.awt.BasicStroke;
import java.awt.Color;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.DefaultIntervalXYDataset;
import org.jfree.data.xy.DefaultXYDataset;

/** Small JFreeChart builders shared by the views; every series arrives in bulk and already downsampled. */
public final class Charts {
    public static final Color REFERENCE = new Color(0x4C78A8);
    public static final Color CANDIDATE = new Color(0xF58518);
    public static final Color DIFFERENCE = new Color(0xE45756);

    private Charts() {
    }

    /**
     * A line chart of series given as {@code double[2][n]} arrays, coloured in order; the first series is drawn
     * wider and underneath, so a candidate that agrees with its reference shows as a thin line on a wide one.
     */
    public static JFreeChart lines(String title, String xLabel, String yLabel, String[] keys, double[][][] series,
                                   Color... colors) {
        DefaultXYDataset data = new DefaultXYDataset();
        for (int i = 0; i < keys.length; i++) {
            data.addSeries(keys[i], series[i]);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < colors.length; i++) {
            r.setSeriesPaint(i, colors[i]);
            r.setSeriesStroke(i, new BasicStroke(i == 0 && colors.length > 1 ? 2.4f : 1.0f));
        }
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD); // later series (candidate) on top
        return chart(title, plot, keys.length > 1);
    }

    /** A histogram of {@code values} in {@code bins} bins (a constant sample gets a narrow range around it). */
    public static JFreeChart histogram(String title, String key, double[] values, int bins, Color color) {
        HistogramDataset data = new HistogramDataset();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int finite = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                finite++;
            }
        }
        if (finite > 0) {
            if (hi <= lo) {
                double pad = Math.max(Math.abs(lo) * 1e-6, 1e-30);
                lo -= pad;
                hi += pad;
            }
            data.addSeries(key, finiteOnly(values, finite), bins, lo, hi);
        }
        XYBarRenderer r = new XYBarRenderer(0.05);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, color);
        NumberAxis x = new NumberAxis(key);
        x.setAutoRangeIncludesZero(false);
        return chart(title, new XYPlot(data, x, new NumberAxis("count"), r), false);
    }

    /** Bars from {@code lo[i]} to {@code hi[i]} of height {@code y[i]} (a histogram whose bins are given). */
    public static JFreeChart bars(String title, String xLabel, double[] lo, double[] hi, double[] y, Color color) {
        DefaultIntervalXYDataset data = new DefaultIntervalXYDataset();
        double[] mid = new double[lo.length];
        for (int i = 0; i < mid.length; i++) {
            mid[i] = (lo[i] + hi[i]) / 2;
        }
        data.addSeries(title, new double[][] {mid, lo, hi, y, y, y});
        XYBarRenderer r = new XYBarRenderer(0.05);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, color);
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        return chart(title, new XYPlot(data, x, new NumberAxis("count"), r), false);
    }

    private static double[] finiteOnly(double[] values, int finite) {
        double[] r = new double[finite];
        int k = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                r[k++] = v;
            }
        }
        return r;
    }

    private static JFreeChart chart(String title, XYPlot plot, boolean legend) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        JFreeChart c = new JFreeChart(title, new java.awt.Font("SansSerif", java.awt.Font.BOLD, 12), plot, legend);
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }
}
