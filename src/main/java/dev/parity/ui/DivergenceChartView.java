package dev.parity.ui;

import dev.parity.report.Numbers;
import dev.parity.compare.Comparison;
import dev.parity.compare.EntryResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.util.List;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * Error per entry (relative L2, log scale) in execution order, the base tolerance as a line, the first
 * divergence and the selected entry as vertical markers. A click selects the nearest entry.
 */
public final class DivergenceChartView extends StackPane {
    static final double FLOOR = 1e-12;
    private final NavigatorViewModel vm;
    private final SessionViewModel session;
    private final ChartViewer viewer = new ChartViewer(null);
    private final ValueMarker selection = new ValueMarker(-1, new Color(0x3875d7), new BasicStroke(2f));
    private int buckets;

    public DivergenceChartView(SessionViewModel session, NavigatorViewModel vm) {
        this.session = session;
        this.vm = vm;
        setId("divergence-chart");
        getChildren().add(viewer);
        viewer.addChartMouseListener(new ChartMouseListenerFX() {
            @Override
            public void chartMouseClicked(ChartMouseEventFX e) {
                clicked(e.getTrigger().getX());
            }

            @Override
            public void chartMouseMoved(ChartMouseEventFX e) {
            }
        });
        session.comparisonProperty().addListener(o -> rebuild());
        session.referenceProperty().addListener(o -> rebuild());
        vm.selectedProperty().addListener((o, a, r) -> selection.setValue(r == null ? -1 : r.entry().index()));
        widthProperty().addListener((o, a, w) -> {
            int b = bucketsFor(w.doubleValue());
            if (Math.abs(b - buckets) > buckets / 5) {
                rebuild();
            }
        });
        rebuild();
    }

    public ChartViewer viewer() {
        return viewer;
    }

    /** The execution index the selection marker stands at (−1 for none). */
    public double markedEntry() {
        return selection.getValue();
    }

    /** Canvas x of the entry at execution index {@code index} in the last drawing, or NaN before one. */
    public double canvasX(double index) {
        if (viewer.getChart() == null || viewer.getRenderingInfo() == null) {
            return Double.NaN;
        }
        XYPlot plot = viewer.getChart().getXYPlot();
        Rectangle2D area = viewer.getRenderingInfo().getPlotInfo().getDataArea();
        return plot.getDomainAxis().valueToJava2D(index, area, plot.getDomainAxisEdge());
    }

    public JFreeChart chart() {
        return viewer.getChart();
    }

    private static int bucketsFor(double width) {
        return Math.max(100, (int) width);
    }

    private void rebuild() {
        buckets = bucketsFor(getWidth());
        viewer.setChart(create(session.comparisonProperty().get(), buckets));
    }

    private void clicked(double canvasX) {
        if (viewer.getChart() == null || viewer.getRenderingInfo() == null) {
            return;
        }
        XYPlot plot = viewer.getChart().getXYPlot();
        Rectangle2D area = viewer.getRenderingInfo().getPlotInfo().getDataArea();
        double x = plot.getDomainAxis().java2DToValue(canvasX, area, plot.getDomainAxisEdge());
        vm.selectNearest(x);
    }

    private JFreeChart create(Comparison c, int buckets) {
        DefaultXYDataset data = new DefaultXYDataset();
        data.addSeries("within tolerance", series(c, false, buckets));
        data.addSeries("diverging (infinite drawn at 1e6)", series(c, true, buckets));
        LogAxis y = new LogAxis("relative L2 error");
        y.setSmallestValue(FLOOR);
        NumberAxis x = new NumberAxis("entry (execution order)");
        x.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, new Color(0x4C78A8));
        r.setSeriesPaint(1, new Color(0xE45756));
        r.setSeriesShape(0, new Rectangle2D.Double(-2, -2, 4, 4));
        r.setSeriesShape(1, new Rectangle2D.Double(-2.5, -2.5, 5, 5));
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        if (c != null) {
            addMarkers(plot, c);
        }
        plot.addDomainMarker(selection);
        JFreeChart chart = new JFreeChart(c == null ? "Error per entry (open a candidate)" : "Error per entry",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static void addMarkers(XYPlot plot, Comparison c) {
        double rtol = c.options().policy().base().rtol();
        ValueMarker tol = new ValueMarker(Math.max(FLOOR, rtol), Color.GRAY, new BasicStroke(1f,
                BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
        tol.setLabel("tolerance (rtol " + Numbers.num(rtol) + ")");
        tol.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        tol.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(tol);
        if (c.firstDivergence() != null) {
            ValueMarker first = new ValueMarker(c.firstDivergence().reference().index(), new Color(0xE45756),
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 3f}, 0f));
            first.setLabel("first divergence: " + c.firstDivergence().reference().name());
            first.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            first.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(first);
        }
    }

    /** Measured entries in execution order, passing or diverging, min-max decimated to the chart's width. */
    private static double[][] series(Comparison c, boolean diverging, int buckets) {
        if (c == null) {
            return new double[2][0];
        }
        List<EntryResult> rs = c.results().stream()
                .filter(r -> r.metrics() != null && r.status().isDivergence() == diverging).toList();
        double[] xs = new double[rs.size()];
        double[] ys = new double[rs.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = rs.get(i).reference().index();
            double v = rs.get(i).metrics().relL2();
            ys[i] = Double.isFinite(v) ? Math.max(FLOOR, v) : 1e6;
        }
        return Downsample.minMax(xs, ys, buckets);
    }
}
