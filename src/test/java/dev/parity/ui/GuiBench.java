package dev.parity.ui;

import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.TraceWriter;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * How long a 10,000-entry trace pair takes to show in the layer table: from the "open" command until the
 * table holds every row and has laid out its visible cells (reading both manifests, comparing every entry,
 * building the rows and the divergence chart included). Usage: {@code GuiBench [ENTRIES] [RUNS]}; see
 * bench/gui.md. Headless (Monocle) unless {@code -Dparity.screens.display=true}.
 */
public final class GuiBench {
    private GuiBench() {
    }

    public static void main(String[] args) throws Exception {
        if (!Boolean.getBoolean("parity.screens.display")) {
            Headless.use();
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("parity-guibench");
        long t0 = System.nanoTime();
        Path ref = write(dir.resolve("ref"), n, 0);
        Path cand = write(dir.resolve("cand"), n, n / 2);
        System.out.printf("generated 2 × %d entries in %.1f s under %s%n", n, (System.nanoTime() - t0) / 1e9, dir);
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Platform.setImplicitExit(false);
        System.out.printf("load average before the runs: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
        for (int r = 0; r < runs; r++) {
            double[] alone = time(ref, null, n);
            double[] pair = time(ref, cand, n);
            System.out.printf("run %d: reference only: table shown %.3f s | reference + candidate: table shown %.3f s,"
                    + " statuses (comparison done) %.3f s%n", r + 1, alone[0], pair[0], pair[1]);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        Platform.exit();
        System.exit(0);
    }

    /** A trace of {@code n} entries of shape (2, 64, 16) under estimator-like names, 10 ODE steps; from entry
     * {@code faultFrom} on (when > 0) every value is perturbed by 1e-3. */
    static Path write(Path dir, int n, int faultFrom) throws Exception {
        Random rnd = new Random(7);
        float[] base = new float[2 * 64 * 16];
        Shape shape = Shape.ofInts(2, 64, 16);
        int perStep = n / 10;
        try (TraceWriter w = TraceWriter.create(dir, Map.of("name", "GuiBench"), "synthetic")) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < base.length; k++) {
                    base[k] = (float) rnd.nextGaussian() * (faultFrom > 0 && i >= faultFrom ? 1.001f : 1f);
                }
                String name = "flow.decoder.estimator.blocks." + (i % perStep / 4) + ".layer" + (i % 4);
                w.add(new EntryId(name, i / perStep, EntryKind.OUT, null), "Synthetic", Tensor.ofFloats(shape, base),
                        DType.FLOAT32);
            }
            w.finish();
        }
        return dir;
    }

    /** {seconds until the table shows its rows, seconds until they carry comparison statuses (or NaN)}. */
    private static double[] time(Path ref, Path cand, int n) throws Exception {
        Workbench wb = onFx(() -> {
            Workbench w = new Workbench();
            Stage s = new Stage();
            s.setScene(new Scene(w.root(), 1440, 900));
            s.show();
            return w;
        });
        TableView<NavRow> table = wb.navigatorView().table();
        long start = System.nanoTime();
        onFx(() -> {
            wb.session().open(ref, cand);
            return null;
        });
        while (!onFx(() -> shown(wb, table, n, false))) {
            Thread.sleep(5);
        }
        double shown = (System.nanoTime() - start) / 1e9;
        while (cand != null && !onFx(() -> shown(wb, table, n, true))) {
            Thread.sleep(5);
        }
        double compared = cand == null ? Double.NaN : (System.nanoTime() - start) / 1e9;
        onFx(() -> {
            wb.root().getScene().getWindow().hide();
            return null;
        });
        return new double[] {shown, compared};
    }

    /** Every row is in the table and its first cells are laid out (a pulse has passed since the rows came). */
    private static boolean shown(Workbench wb, TableView<NavRow> table, int n, boolean compared) {
        if (table.getItems().size() != n || (compared && wb.session().comparisonProperty().get() == null)) {
            return false;
        }
        table.layout();
        return table.lookupAll(".table-row-cell").stream()
                .anyMatch(c -> c instanceof javafx.scene.control.TableRow<?> r && r.getItem() instanceof NavRow row
                        && (!compared || row.status() != null));
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        FutureTask<T> f = new FutureTask<>(work);
        Platform.runLater(f);
        return f.get(120, TimeUnit.SECONDS);
    }
}
