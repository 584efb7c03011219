package dev.parity.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.parity.report.doc.Block;
import dev.parity.report.doc.Document;
import dev.parity.report.doc.Section;
import dev.parity.report.doc.Table;
import dev.parity.report.doc.Table.Align;
import dev.parity.report.doc.Table.Column;
import dev.parity.report.doc.Text;
import dev.parity.tensor.Shape;
import dev.parity.weights.AuditEntry;
import dev.parity.weights.AuditStatus;
import dev.parity.weights.CheckpointStats;
import dev.parity.weights.DiffResult;
import dev.parity.weights.FindingStatus;
import dev.parity.weights.KeyFinding;
import dev.parity.weights.LoadAuditResult;
import dev.parity.weights.MagnitudeHistogram;
import dev.parity.weights.MatchKind;
import dev.parity.weights.ModuleGroup;
import dev.parity.weights.TensorStats;
import dev.parity.weights.WeightStatistics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The weight inspector's results as documents: statistics, checkpoint diff and load audit, for the terminal
 * ({@link dev.parity.report.doc.TextRenderer}) and, through their data (the result records: shapes as arrays, enums
 * by their display names), as JSON.
 */
public final class WeightsDocuments {
    private static final String SPARK = " .:-=+*#%@";
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Shape.class, new ShapeSerializer()))
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING);

    private WeightsDocuments() {
    }

    /** The statistics: one section per module group, then the tensors that look like an untrained initializer. */
    public static Document stats(CheckpointStats s) {
        int w = s.tensors().stream().mapToInt(t -> t.key().length()).max().orElse(3);
        List<Section> sections = new ArrayList<>();
        for (ModuleGroup g : s.groups()) {
            List<List<Text>> rows = s.tensors().stream()
                    .filter(t -> WeightStatistics.prefix(t.key(), s.groupDepth()).equals(g.prefix()))
                    .map(WeightsDocuments::statsRow).toList();
            sections.add(new Section(g.prefix() + ": " + g.tensors() + " tensors, " + g.elements() + " elements, "
                    + g.bytes() + " bytes" + (g.untrainedLooking() > 0 ? ", " + g.untrainedLooking()
                    + " look untrained" : ""), List.of(new Table(statsColumns(w), rows, false))));
        }
        List<List<Text>> flags = s.untrainedLooking().stream().map(v -> Text.row(String.valueOf(v.kind()),
                v.key() + ": " + v.reason())).toList();
        sections.add(new Section(null, List.of(new Block.Paragraph(Text.of("looks like an untrained initializer: "
                + flags.size() + " tensors")), new Table(List.of(new Column("kind", Align.LEFT, 12),
                new Column("key: reason")), flags, true))));
        return new Document(null, Text.of(s.file() + ": " + s.tensors().size() + " tensors, " + s.elements()
                + " elements"), s.untrainedLooking().isEmpty(), sections, null, JSON.valueToTree(s));
    }

    private static List<Column> statsColumns(int keyWidth) {
        List<Column> c = new ArrayList<>(List.of(new Column("key", Align.LEFT, keyWidth),
                new Column("type", Align.LEFT, 15, 2), new Column("dtype", Align.LEFT, 8),
                new Column("shape", Align.LEFT, 16)));
        for (String h : List.of("mean", "std", "min", "max", "mean|x|")) {
            c.add(new Column(h, Align.RIGHT, h.equals("std") || h.equals("mean|x|") ? 10 : 11));
        }
        c.add(new Column("zero%", Align.RIGHT, 6));
        c.add(new Column("nan", Align.RIGHT, 5));
        c.add(new Column("inf", Align.RIGHT, 5));
        c.add(new Column("log2|x| histogram", Align.LEFT, 0, 2));
        return c;
    }

    private static List<Text> statsRow(TensorStats t) {
        return Text.row(t.key(), String.valueOf(t.layerType()), String.valueOf(t.dtype()), String.valueOf(t.shape()),
                Numbers.g(t.mean(), 4), Numbers.g(t.std(), 4), Numbers.g(t.min(), 4), Numbers.g(t.max(), 4),
                Numbers.g(t.meanAbs(), 4), Numbers.fixed(100 * t.zeroFraction(), 2), String.valueOf(t.nanCount()),
                String.valueOf(t.infCount()), spark(t.histogram()));
    }

    /** The occupied bins as a one-line bar chart: {@code [-9,-2) .:=#%@*}. */
    public static String spark(MagnitudeHistogram h) {
        int lo = -1;
        int hi = -1;
        long max = 0;
        for (int i = 0; i < h.counts().size(); i++) {
            long c = h.counts().get(i);
            if (c > 0) {
                lo = lo < 0 ? i : lo;
                hi = i;
                max = Math.max(max, c);
            }
        }
        if (lo < 0) {
            return "-";
        }
        StringBuilder b = new StringBuilder("[" + (h.minExponent() + lo) + "," + (h.minExponent() + hi + 1) + ") ");
        for (int i = lo; i <= hi; i++) {
            long c = h.counts().get(i);
            int level = c == 0 ? 0 : 1 + (int) ((SPARK.length() - 2) * c / max);
            b.append(SPARK.charAt(Math.min(level, SPARK.length() - 1)));
        }
        return b.toString();
    }

    /** The diff: key sets and suggestions, the per-key differences, the layouts of the matched weights. */
    public static Document diff(DiffResult d) {
        List<Block> keys = new ArrayList<>();
        keys.add(new Block.Paragraph(Text.of("reference " + d.refFile() + ": " + d.refKeys() + " keys")));
        keys.add(new Block.Paragraph(Text.of("candidate " + d.candFile() + ": " + d.candKeys() + " keys")));
        d.mapRules().forEach(r -> keys.add(new Block.Paragraph(Text.of("map rule: " + r))));
        long suggested = d.findings().stream().filter(k -> k.matchedBy() == MatchKind.SUGGESTED).count();
        keys.add(new Block.Paragraph(Text.of("matched " + d.findings().size() + " (" + suggested
                + " by a suggested rule), missing in candidate " + d.missing().size() + ", unexpected in candidate "
                + d.unexpected().size())));
        d.suggestions().forEach(s -> keys.add(new Block.Paragraph(Text.of("suggestion: " + s.describe("keys")
                + "   (map file: " + s.rule().toLine() + ")"))));
        d.missing().forEach(k -> keys.add(new Block.Paragraph(Text.of("missing:    " + k))));
        d.unexpected().forEach(k -> keys.add(new Block.Paragraph(Text.of("unexpected: " + k))));
        List<Block> layouts = new ArrayList<>(List.of(new Block.Paragraph(Text.of("layouts of matched weights:")),
                new Block.Bullets(d.summaries().stream().map(s -> Text.of(s.describe())).toList()),
                new Block.Paragraph(Text.of(d.hasDifferences() ? "checkpoints differ" : "no differences"))));
        return new Document(null, null, !d.hasDifferences(), List.of(new Section(null, keys),
                new Section(null, findings(d.differences())), new Section(null, layouts)), null, JSON.valueToTree(d));
    }

    private static List<Block> findings(List<KeyFinding> diffs) {
        List<Block> b = new ArrayList<>();
        b.add(new Block.Paragraph(Text.of("differences: " + diffs.size() + " keys")));
        long renamedOnly = diffs.stream().filter(WeightsDocuments::onlyRenamed).count();
        if (renamedOnly > 0) {
            b.add(new Block.Bullets(List.of(Text.of(renamedOnly + " keys identical once renamed by the suggested "
                    + "rule(s)"))));
        }
        List<List<Text>> rows = diffs.stream().filter(k -> !onlyRenamed(k)).map(k -> Text.row(
                String.valueOf(k.layerType()), (k.candKey().equals(k.refKey()) ? k.refKey() : k.refKey() + " <- "
                + k.candKey()) + ": " + k.describe())).toList();
        if (!rows.isEmpty()) {
            b.add(new Table(List.of(new Column("layer type", Align.LEFT, 15), new Column("key: finding")), rows,
                    true));
        }
        return b;
    }

    private static boolean onlyRenamed(KeyFinding k) {
        return k.matchedBy() == MatchKind.SUGGESTED && k.status() == FindingStatus.IDENTICAL && !k.dtypeDiffers();
    }

    /** The load audit: one row per parameter, problems first, then the totals per status. */
    public static Document audit(LoadAuditResult r) {
        List<AuditEntry> entries = new ArrayList<>(r.problems());
        r.entries().stream().filter(e -> e.status().ok()).forEach(entries::add);
        int w = entries.stream().mapToInt(e -> e.parameter().length()).max().orElse(9);
        List<List<Text>> rows = entries.stream().map(e -> Text.row(String.valueOf(e.status()), e.parameter(),
                Double.isNaN(e.maxAbs()) ? "-" : Numbers.g(e.maxAbs(), 3), String.join(" + ", e.checkpointKeys())
                + ": " + e.detail())).toList();
        List<Block> b = new ArrayList<>();
        b.add(new Block.Paragraph(Text.of("load audit of " + r.checkpoint())));
        b.add(new Table(List.of(new Column("status", Align.LEFT, 19), new Column("parameter", Align.LEFT,
                Math.max(9, w)), new Column("max abs", Align.LEFT, 10), new Column("checkpoint key(s): detail")),
                rows, false));
        for (Map.Entry<AuditStatus, Integer> c : r.counts().entrySet()) {
            b.add(new Block.Paragraph(Text.of(c.getKey() + ": " + c.getValue())));
        }
        return new Document(null, null, r.ok(), List.of(new Section(null, b)), null);
    }

    private static final class ShapeSerializer extends JsonSerializer<Shape> {
        @Override
        public void serialize(Shape s, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeArray(s.dims(), 0, s.rank());
        }
    }
}
