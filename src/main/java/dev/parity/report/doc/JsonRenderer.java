package dev.parity.report.doc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON, pretty-printed. A document with {@link Document#data} is written as that data: its own versioned schema
 * (the comparison report, the diagnosis, the weight results; see {@code docs/report-schemas.md}). A document
 * without data is written as its structure, schema {@code parity-document} version {@value #VERSION}:
 * {@code title}, {@code headline}, {@code headline_ok}, {@code sections} (each {@code title} and {@code blocks},
 * a block being {@code {"type": "paragraph" | "bullets" | "heading" | "table" | "figure", ...}}) and {@code note}.
 */
public final class JsonRenderer {
    /** The version of the {@code parity-document} schema. */
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRenderer() {
    }

    public static String render(Document d) {
        try {
            Object tree = d.data() != null ? d.data() : structure(d);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode structure(Document d) {
        ObjectNode root = JSON.createObjectNode().put("schema", "parity-document").put("version", VERSION)
                .put("title", d.title()).put("headline", d.headline() == null ? null : d.headline().plain())
                .put("headline_ok", d.headlineOk());
        ArrayNode sections = root.putArray("sections");
        for (Section s : d.sections()) {
            ObjectNode o = sections.addObject().put("title", s.title());
            ArrayNode blocks = o.putArray("blocks");
            s.blocks().forEach(b -> block(blocks.addObject(), b));
        }
        return root.put("note", d.note());
    }

    private static void block(ObjectNode o, Block b) {
        if (b instanceof Block.Paragraph p) {
            o.put("type", "paragraph").put("style", p.style().name().toLowerCase(java.util.Locale.ROOT))
                    .put("text", p.text().plain());
        } else if (b instanceof Block.Bullets l) {
            ArrayNode items = o.put("type", "bullets").putArray("items");
            l.items().forEach(i -> items.add(i.plain()));
        } else if (b instanceof Block.Heading h) {
            o.put("type", "heading").put("text", h.text());
        } else if (b instanceof Table t) {
            ArrayNode cols = o.put("type", "table").putArray("columns");
            t.columns().forEach(c -> cols.add(c.header()));
            ArrayNode rows = o.putArray("rows");
            for (List<Text> r : t.rows()) {
                ArrayNode a = rows.addArray();
                r.forEach(c -> a.add(c.plain()));
            }
        } else if (b instanceof Block.Figure f) {
            o.put("type", "figure").put("alt", f.alt());
        }
    }
}
