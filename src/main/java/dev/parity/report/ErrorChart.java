package dev.parity.report;

import dev.parity.compare.Comparison;
import dev.parity.compare.EntryResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * The divergence chart: relative L2 error of every aligned entry in execution order on a log scale, passing and
 * diverging entries in two colours, the base rtol as a horizontal line and the first divergence marked.
 */
public final class ErrorChart {
    /** Values below this are drawn at it (a log axis has no zero). */
    public static final double FLOOR = 1e-12;

    private ErrorChart() {
    }

    public static JFreeChart create(Comparison c) {
        DefaultXYDataset data = new DefaultXYDataset();
        data.addSeries("within tolerance", series(c, false));
        data.addSeries("diverging", series(c, true));
        LogAxis y = new LogAxis("relative L2 error");
        y.setSmallestValue(FLOOR);
        NumberAxis x = new NumberAxis("entry (execution order)");
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, new Color(0x4C78A8));
        r.setSeriesPaint(1, new Color(0xE45756));
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        ValueMarker tol = new ValueMarker(Math.max(FLOOR, c.options().policy().base().rtol()), Color.GRAY,
                new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
        tol.setLabel("rtol " + Numbers.num(c.options().policy().base().rtol()));
        tol.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        tol.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(tol);
        if (c.firstDivergence() != null) {
            ValueMarker first = new ValueMarker(c.firstDivergence().reference().index(), new Color(0xE45756),
                    new BasicStroke(1.5f));
            first.setLabel("first divergence: " + c.firstDivergence().reference().name());
            first.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            first.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(first);
        }
        JFreeChart chart = new JFreeChart("Error per entry", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static double[][] series(Comparison c, boolean diverging) {
        var rs = c.results().stream()
                .filter(r -> r.metrics() != null && r.status().isDivergence() == diverging).toList();
        double[][] xy = new double[2][rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            EntryResult r = rs.get(i);
            xy[0][i] = r.reference().index();
            double v = r.metrics().relL2();
            xy[1][i] = Double.isFinite(v) ? Math.max(FLOOR, v) : 1e6;
        }
        return xy;
    }

    /** PNG bytes of the chart at the given size, rendered headless. */
    public static byte[] png(JFreeChart chart, int width, int height) {
        BufferedImage img = chart.createBufferedImage(width, height);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
