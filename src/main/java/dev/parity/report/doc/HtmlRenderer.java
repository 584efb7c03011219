package dev.parity.report.doc;

import dev.parity.report.Escape;
import java.util.Base64;
import java.util.List;

/**
 * A self-contained HTML page (one style sheet, pictures embedded as PNG data): {@code h1} title, the headline in a
 * highlighted box, {@code h2} sections, tables, lists; names in {@code <code>}, status labels classed for colour.
 * Every text is escaped ({@link Escape#xml}), so the page is well-formed XML apart from its doctype.
 */
public final class HtmlRenderer {
    private static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left}
            th{background:#f4f4f4}.pass{color:#2a7a2a}.fail,.shape_mismatch{color:#c0392b;font-weight:bold}
            .missing{color:#999}code{font-size:12px}.headline{font-size:1.2em;padding:.5em;background:#fff4e5}
            .ok{background:#eaf7ea}""";

    private HtmlRenderer() {
    }

    public static String render(Document d) {
        String title = d.title() == null ? "" : Escape.xml(d.title());
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"/><title>").append(title)
                .append("</title>\n<style>").append(CSS).append("</style></head><body>\n");
        if (d.title() != null) {
            sb.append("<h1>").append(title).append("</h1>\n");
        }
        if (d.headline() != null) {
            sb.append("<p class=\"headline").append(d.headlineOk() ? " ok" : "").append("\">").append(text(d.headline()))
                    .append("</p>\n");
        }
        for (Section s : d.sections()) {
            if (s.title() != null) {
                sb.append("<h2>").append(Escape.xml(s.title())).append("</h2>\n");
            }
            s.blocks().forEach(b -> block(sb, b));
        }
        if (d.note() != null) {
            sb.append("<p><small>").append(Escape.xml(d.note())).append("</small></p>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void block(StringBuilder sb, Block b) {
        if (b instanceof Block.Paragraph p) {
            sb.append(switch (p.style()) {
                case NORMAL -> "<p>" + text(p.text()) + "</p>";
                case VERDICT -> "<p class=\"headline\">" + text(p.text()) + "</p>";
                case VERDICT_OK -> "<p class=\"headline ok\">" + text(p.text()) + "</p>";
                case NOTE -> "<p><small>" + text(p.text()) + "</small></p>";
            }).append('\n');
        } else if (b instanceof Block.Bullets l) {
            sb.append("<ul>");
            l.items().forEach(i -> sb.append("<li>").append(text(i)).append("</li>"));
            sb.append("</ul>\n");
        } else if (b instanceof Block.Heading h) {
            sb.append("<h3>").append(Escape.xml(h.text())).append("</h3>\n");
        } else if (b instanceof Table t) {
            table(sb, t);
        } else if (b instanceof Block.Figure f) {
            sb.append("<img alt=\"").append(Escape.xml(f.alt())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(f.png())).append("\"/>\n");
        }
    }

    private static void table(StringBuilder sb, Table t) {
        sb.append("<table><tr>");
        t.columns().forEach(c -> sb.append("<th>").append(Escape.xml(c.header())).append("</th>"));
        sb.append("</tr>\n");
        for (List<Text> r : t.rows()) {
            sb.append("<tr>");
            r.forEach(c -> sb.append(cell(c)));
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
    }

    /** A cell; one that holds a status label alone is classed by it ({@code <td class="fail">}). */
    private static String cell(Text c) {
        if (c.spans().size() == 1 && c.spans().get(0).kind() == Span.Kind.STATUS) {
            String label = Escape.xml(c.spans().get(0).text());
            return "<td class=\"" + label + "\">" + label + "</td>";
        }
        return "<td>" + text(c) + "</td>";
    }

    /** Inline text: names in {@code <code>}, status labels in a classed {@code <span>}, everything escaped. */
    static String text(Text t) {
        StringBuilder sb = new StringBuilder();
        for (Span s : t.spans()) {
            String x = Escape.xml(s.text());
            sb.append(switch (s.kind()) {
                case PLAIN -> x;
                case CODE -> "<code>" + x + "</code>";
                case STATUS -> "<span class=\"" + x + "\">" + x + "</span>";
            });
        }
        return sb.toString();
    }
}
