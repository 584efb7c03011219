package dev.parity.ui;

import dev.parity.SharedData;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Writes a PNG of each main view for review: {@code layers.png} (navigator with divergence chart and detail),
 * {@code detail.png}, {@code detail-line.png} (a 1-D slice), {@code layers-cfg.png} (grouped by CFG branch),
 * {@code mel.png}, {@code audio.png}, {@code weights.png}, {@code settings.png}.
 * Usage: {@code ScreenshotTool OUT_DIR [REF [CAND]]}; without CAND a candidate with a fault injected at
 * {@code flow.decoder.estimator.down_blocks.0.0.block1} is built in a temp dir. Headless (Monocle) unless
 * {@code -Dparity.screens.display=true} (then it needs a display, e.g. under xvfb-run).
 * Run through {@code scripts/screenshots.sh}.
 */
public final class ScreenshotTool {
    private ScreenshotTool() {
    }

    public static void main(String[] args) throws Exception {
        if (!Boolean.getBoolean("parity.screens.display")) {
            Headless.use();
        }
        Path out = Path.of(args.length > 0 ? args[0] : "target/screenshots");
        Path ref = args.length > 1 ? Path.of(args[1]) : SharedData.smallDump();
        Path cand = args.length > 2 ? Path.of(args[2]) : faultyCandidate(ref);
        Files.createDirectories(out);
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Workbench wb = onFx(() -> {
            Workbench w = new Workbench();
            Stage stage = new Stage();
            stage.setScene(new Scene(w.root(), 1440, 900));
            stage.show();
            w.session().open(ref, cand);
            return w;
        });
        waitUntil(() -> !wb.session().busyProperty().get() && wb.session().comparisonProperty().get() != null);
        onFx(() -> {
            wb.navigator().firstDivergence();
            return null;
        });
        waitUntil(() -> wb.detail().dataProperty().get() != null);
        shoot(wb, "Layers", null, out.resolve("layers.png"));
        shoot(wb, "Layers", wb.detailView(), out.resolve("detail.png"));
        int wav = wb.navigator().allRows().stream().filter(r -> r.entry().name().equals("final.wav")).findFirst()
                .orElseThrow().entry().index();
        onFx(() -> {
            wb.navigator().selectEntry(wav);
            return null;
        });
        waitUntil(() -> wb.detail().dataProperty().get() != null
                && wb.detail().dataProperty().get().row().entry().index() == wav);
        shoot(wb, "Layers", wb.detailView(), out.resolve("detail-line.png"));
        onFx(() -> {
            wb.navigator().setGrouping(Grouping.CFG_BRANCH);
            return null;
        });
        waitUntil(() -> !wb.navigator().busyProperty().get() && wb.navigator().allRows().get(0).branch() == 0);
        onFx(() -> {
            wb.navigator().firstDivergence();
            return null;
        });
        shoot(wb, "Layers", null, out.resolve("layers-cfg.png"));
        waitUntil(() -> wb.mel().dataProperty().get() != null);
        shoot(wb, "Mel", null, out.resolve("mel.png"));
        waitUntil(() -> wb.audio().dataProperty().get() != null);
        shoot(wb, "Audio", null, out.resolve("audio.png"));
        waitUntil(() -> !wb.weights().rows().isEmpty());
        onFx(() -> {
            wb.weights().select(wb.weights().rows().get(3));
            return null;
        });
        waitUntil(() -> wb.weights().histogramProperty().get() != null);
        shoot(wb, "Weights", null, out.resolve("weights.png"));
        shoot(wb, "Mapping", null, out.resolve("settings.png"));
        System.out.println("screenshots written to " + out.toAbsolutePath());
        if (args.length <= 2) {
            try (var files = Files.walk(cand)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Platform.exit();
        System.exit(0);
    }

    static Path faultyCandidate(Path ref) throws Exception {
        Trace t = TraceReader.read(ref);
        TraceEntry e = t.entries().stream().filter(x -> x.name().equals(WorkbenchFaultTest.FAULTY)
                && x.kind() == EntryKind.OUT && x.arg() == null).findFirst().orElseThrow();
        return Faults.perturbFrom(ref, Files.createTempDirectory("parity-fault"), e.index());
    }

    private static void shoot(Workbench wb, String tab, Node node, Path file) throws Exception {
        onFx(() -> {
            wb.showTab(tab);
            return null;
        });
        Thread.sleep(700);
        onFx(() -> {
            Node n = node != null ? node : wb.root();
            ImageIO.write(SwingFXUtils.fromFXImage(n.snapshot(null, null), null), "png", file.toFile());
            return null;
        });
        System.out.println("wrote " + file);
    }

    private static void waitUntil(BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!onFx(condition::getAsBoolean)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out waiting for the workbench");
            }
            Thread.sleep(100);
        }
        Thread.sleep(300);
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(work);
        Platform.runLater(f);
        return f.get(60, TimeUnit.SECONDS);
    }
}
