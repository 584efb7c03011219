package dev.parity.ui;

import java.io.File;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The whole workbench window content: menus, status line with progress and cancel, and one tab per view
 * (layers with chart and detail, mel, audio, weights, mapping and tolerances). Owns the view models.
 */
public final class Workbench {
    private final Background background = new Background();
    private final SessionViewModel session = new SessionViewModel(background);
    private final NavigatorViewModel navigator = new NavigatorViewModel(session, background);
    private final LayerDetailViewModel detail = new LayerDetailViewModel(session, navigator, background);
    private final MelViewModel mel = new MelViewModel(session, background);
    private final AudioViewModel audio = new AudioViewModel(session, background);
    private final WeightsViewModel weights = new WeightsViewModel(session, background);
    private final NavigatorView navigatorView = new NavigatorView(navigator);
    private final DivergenceChartView chartView = new DivergenceChartView(session, navigator);
    private final LayerDetailView detailView = new LayerDetailView(detail);
    private final MelView melView = new MelView(mel);
    private final AudioView audioView = new AudioView(audio);
    private final WeightsView weightsView = new WeightsView(weights);
    private final SettingsView settingsView = new SettingsView(session);
    private final TabPane tabs = new TabPane();
    private final BorderPane root = new BorderPane();

    public Workbench() {
        SplitPane right = new SplitPane(chartView, detailView);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.36);
        SplitPane layers = new SplitPane(navigatorView, right);
        layers.setDividerPositions(0.42);
        tabs.getTabs().addAll(tab("Layers", layers), tab("Mel", melView), tab("Audio", audioView),
                tab("Weights", weightsView), tab("Mapping & tolerances", settingsView));
        tabs.setId("tabs");
        root.setTop(new javafx.scene.layout.VBox(menus(), toolbar(), diagnosisLine()));
        root.setCenter(tabs);
        root.setBottom(statusLine());
        root.getStylesheets().add(Workbench.class.getResource("workbench.css").toExternalForm());
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::keys);
        root.setPrefSize(1440, 900);
    }

    private static Tab tab(String name, Node content) {
        Tab t = new Tab(name, content);
        t.setClosable(false);
        t.setId("tab-" + name.toLowerCase(java.util.Locale.ROOT).split(" ")[0]);
        return t;
    }

    public Parent root() {
        return root;
    }

    public SessionViewModel session() {
        return session;
    }

    public NavigatorViewModel navigator() {
        return navigator;
    }

    public LayerDetailViewModel detail() {
        return detail;
    }

    public MelViewModel mel() {
        return mel;
    }

    public AudioViewModel audio() {
        return audio;
    }

    public WeightsViewModel weights() {
        return weights;
    }

    public NavigatorView navigatorView() {
        return navigatorView;
    }

    public LayerDetailView detailView() {
        return detailView;
    }

    public MelView melView() {
        return melView;
    }

    public DivergenceChartView chartView() {
        return chartView;
    }

    /** Shows the tab whose title starts with {@code name} ("Layers", "Mel", "Audio", "Weights", "Mapping"). */
    public void showTab(String name) {
        tabs.getTabs().stream().filter(t -> t.getText().startsWith(name)).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    /** N, P, D, F step through the layers unless a text field has the focus; Ctrl+L focuses the filter. */
    private void keys(KeyEvent e) {
        if (new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN).match(e)) {
            showTab("Layers");
            navigatorView.focusFilter();
            e.consume();
            return;
        }
        boolean typing = root.getScene() != null && root.getScene().getFocusOwner() instanceof TextInputControl;
        if (typing || e.isShortcutDown() || e.isAltDown()) {
            return;
        }
        Runnable command = switch (e.getCode()) {
            case N -> navigator::next;
            case P -> navigator::previous;
            case D -> navigator::nextDivergence;
            case F -> navigator::firstDivergence;
            default -> null;
        };
        if (command != null) {
            showTab("Layers");
            command.run();
            e.consume();
        }
    }

    private HBox statusLine() {
        ProgressBar bar = new ProgressBar();
        bar.setId("progress");
        bar.progressProperty().bind(session.progressProperty());
        bar.visibleProperty().bind(session.busyProperty());
        bar.managedProperty().bind(session.busyProperty());
        bar.setPrefWidth(220);
        Button cancel = new Button("Cancel");
        cancel.setId("cancel");
        cancel.visibleProperty().bind(session.busyProperty());
        cancel.managedProperty().bind(session.busyProperty());
        cancel.setOnAction(e -> session.cancel());
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(session.statusProperty());
        Label error = new Label();
        error.getStyleClass().add("error");
        error.textProperty().bind(session.errorProperty());
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setMaxWidth(Double.MAX_VALUE);
        Label backend = new Label();
        backend.setId("backend");
        backend.getStyleClass().add("error");
        backend.textProperty().bind(session.backendProperty());
        HBox line = new HBox(8, bar, cancel, status, error, backend);
        line.setPadding(new Insets(3, 6, 3, 6));
        return line;
    }

    private MenuBar menus() {
        MenuItem openRef = item("Open reference dump…", "Shortcut+O", () -> chooseDir("Reference dump")
                .ifPresent(session::openReference));
        MenuItem openCand = item("Open candidate trace…", "Shortcut+Shift+O", () -> chooseDir("Candidate trace")
                .ifPresent(session::openCandidate));
        MenuItem run = item("Run the Java pipeline on the reference dump", "Shortcut+R", session::runPipeline);
        run.disableProperty().bind(session.referenceProperty().isNull().or(session.busyProperty()));
        MenuItem report = item("Export report (HTML, Markdown, JSON, CSV, JUnit XML)…", "Shortcut+E",
                this::exportReport);
        MenuItem chart = item("Export divergence chart as PNG…", null, () -> choosePng("divergence-chart.png")
                .ifPresent(p -> session.exportChartPng(p, 1400, 600)));
        MenuItem view = item("Export current view as PNG…", null, () -> choosePng("view.png")
                .ifPresent(this::snapshotTab));
        MenuItem diagnose = item("Diagnose the open traces", "Shortcut+D", session::diagnose);
        diagnose.disableProperty().bind(session.referenceProperty().isNull().or(session.busyProperty()));
        MenuItem diagnosis = item("Export diagnosis (Markdown, HTML, JSON)…", null, this::exportDiagnosis);
        diagnosis.disableProperty().bind(session.diagnosisProperty().isNull());
        Menu file = new Menu("File", null, openRef, openCand, run, diagnose, report, diagnosis, chart, view);
        Menu go = new Menu("Go", null, item("Next layer (N)", null, navigator::next),
                item("Previous layer (P)", null, navigator::previous),
                item("Next divergence (D)", null, navigator::nextDivergence),
                item("First divergence (F)", null, navigator::firstDivergence));
        return new MenuBar(file, go);
    }

    private javafx.scene.control.ToolBar toolbar() {
        Button openRef = new Button("Open reference…");
        openRef.setOnAction(e -> chooseDir("Reference dump").ifPresent(session::openReference));
        Button openCand = new Button("Open candidate…");
        openCand.setOnAction(e -> chooseDir("Candidate trace").ifPresent(session::openCandidate));
        openCand.disableProperty().bind(session.referenceProperty().isNull());
        Button run = new Button("Run Java pipeline");
        run.setId("run-pipeline");
        run.setOnAction(e -> session.runPipeline());
        run.disableProperty().bind(session.referenceProperty().isNull().or(session.busyProperty()));
        Button report = new Button("Export report…");
        report.setOnAction(e -> exportReport());
        report.disableProperty().bind(session.comparisonProperty().isNull());
        Button diagnose = new Button("Diagnose");
        diagnose.setId("diagnose");
        diagnose.setOnAction(e -> session.diagnose());
        diagnose.disableProperty().bind(session.referenceProperty().isNull().or(session.busyProperty()));
        Button floor = new Button("Noise floor…");
        floor.setId("choose-floor");
        floor.setTooltip(new javafx.scene.control.Tooltip("A second reference run of the same inputs (e.g. the "
                + "float64 twin): the diagnosis takes per-entry tolerances from its spread, as parity diagnose "
                + "--tolerance-from does"));
        floor.setOnAction(e -> chooseDir("Noise-floor trace").ifPresent(session::setFloor));
        floor.disableProperty().bind(session.referenceProperty().isNull().or(session.busyProperty()));
        Label files = new Label();
        files.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(this::describeFiles,
                session.referenceProperty(), session.candidateProperty(), session.floorProperty()));
        return new javafx.scene.control.ToolBar(openRef, openCand, run, report, floor, diagnose, files);
    }

    /** The diagnosis' headline and its Export… action, shown once the open traces are diagnosed. */
    private HBox diagnosisLine() {
        Label headline = new Label();
        headline.setId("diagnosis-headline");
        headline.setWrapText(true);
        headline.textProperty().bind(session.diagnosisHeadlineProperty());
        HBox.setHgrow(headline, Priority.ALWAYS);
        headline.setMaxWidth(Double.MAX_VALUE);
        Button export = new Button("Export…");
        export.setId("export-diagnosis");
        export.setOnAction(e -> exportDiagnosis());
        HBox line = new HBox(8, headline, export);
        line.setPadding(new Insets(3, 6, 3, 6));
        line.getStyleClass().add("diagnosis");
        line.visibleProperty().bind(session.diagnosisProperty().isNotNull());
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    private String describeFiles() {
        var r = session.referenceProperty().get();
        var c = session.candidateProperty().get();
        var f = session.floorProperty().get();
        return (r == null ? "no reference" : "reference: " + r.dir()) + (c == null ? "" : "   candidate: " + c.dir())
                + (f == null ? "" : "   noise floor: " + f);
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private java.util.Optional<Path> chooseDir(String title) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle(title + " (a directory holding manifest.json)");
        File f = c.showDialog(window());
        return java.util.Optional.ofNullable(f).map(File::toPath);
    }

    private java.util.Optional<Path> choosePng(String name) {
        FileChooser c = new FileChooser();
        c.setInitialFileName(name);
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        return java.util.Optional.ofNullable(c.showSaveDialog(window())).map(File::toPath);
    }

    private void exportReport() {
        FileChooser c = new FileChooser();
        c.setInitialFileName("report.html");
        c.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("HTML", "*.html"),
                new FileChooser.ExtensionFilter("Markdown", "*.md"), new FileChooser.ExtensionFilter("JSON", "*.json"),
                new FileChooser.ExtensionFilter("CSV", "*.csv"), new FileChooser.ExtensionFilter("JUnit XML", "*.xml"));
        File f = c.showSaveDialog(window());
        if (f != null) {
            session.exportReport(f.toPath());
        }
    }

    /** Asks for a file and writes the diagnosis there: Markdown and HTML side by side, or one chosen format. */
    private void exportDiagnosis() {
        FileChooser c = new FileChooser();
        c.setTitle("Export the diagnosis (the same file name with .md and .html is written too)");
        c.setInitialFileName("diagnosis.md");
        c.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Markdown and HTML", "*.md"),
                new FileChooser.ExtensionFilter("HTML", "*.html"), new FileChooser.ExtensionFilter("JSON", "*.json"));
        File f = c.showSaveDialog(window());
        if (f != null) {
            exportDiagnosis(f.toPath());
        }
    }

    /**
     * Writes the diagnosis to {@code file}; a Markdown file also gets its HTML twin beside it ({@code x.md} and
     * {@code x.html}).
     */
    public void exportDiagnosis(Path file) {
        String name = file.getFileName().toString();
        session.exportDiagnosis(file);
        if (name.endsWith(".md")) {
            session.exportDiagnosis(file.resolveSibling(name.substring(0, name.length() - 3) + ".html"));
        }
    }

    /** Writes a snapshot of the selected tab's content to {@code file} (PNG). */
    public void snapshotTab(Path file) {
        Node content = tabs.getSelectionModel().getSelectedItem().getContent();
        var image = SwingFXUtils.fromFXImage(content.snapshot(null, null), null);
        try {
            javax.imageio.ImageIO.write(image, "png", file.toFile());
            session.reportStatus("View written: " + file);
        } catch (java.io.IOException e) {
            session.reportError("Cannot write " + file + ": " + e.getMessage());
        }
    }
}
