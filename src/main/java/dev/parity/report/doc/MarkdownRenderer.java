package dev.parity.report.doc;

import dev.parity.report.Escape;
import java.util.List;

/**
 * Markdown: {@code #} title, the headline in bold, {@code ##} sections, {@code |} tables with one cell per column
 * in every row, a blank line after every block. Names from data are code spans and prose is escaped
 * ({@link Escape}), so no entry name can break a table or inject markup. Figures are left out.
 */
public final class MarkdownRenderer {
    private MarkdownRenderer() {
    }

    public static String render(Document d) {
        StringBuilder sb = new StringBuilder();
        if (d.title() != null) {
            sb.append("# ").append(Escape.markdown(d.title())).append("\n\n");
        }
        if (d.headline() != null) {
            sb.append("**").append(text(d.headline())).append("**\n\n");
        }
        for (Section s : d.sections()) {
            if (s.title() != null) {
                sb.append("## ").append(Escape.markdown(s.title())).append("\n\n");
            }
            s.blocks().forEach(b -> block(sb, b));
        }
        if (d.note() != null) {
            sb.append('_').append(Escape.markdown(d.note())).append("_\n");
        }
        return sb.toString();
    }

    private static void block(StringBuilder sb, Block b) {
        if (b instanceof Block.Paragraph p) {
            sb.append(switch (p.style()) {
                case NORMAL -> text(p.text());
                case VERDICT, VERDICT_OK -> "**" + text(p.text()) + "**";
                case NOTE -> "_" + text(p.text()) + "_";
            }).append("\n\n");
        } else if (b instanceof Block.Bullets l) {
            l.items().forEach(i -> sb.append("* ").append(text(i)).append('\n'));
            sb.append('\n');
        } else if (b instanceof Block.Heading h) {
            sb.append("### ").append(Escape.markdown(h.text())).append("\n\n");
        } else if (b instanceof Table t) {
            table(sb, t);
        } // a Figure is left out: a Markdown file stays text, the HTML report holds the pictures
    }

    private static void table(StringBuilder sb, Table t) {
        List<String> header = t.columns().stream().map(c -> Escape.markdown(c.header())).toList();
        sb.append("| ").append(String.join(" | ", header)).append(" |\n|").append("---|".repeat(header.size()))
                .append('\n');
        for (List<Text> r : t.rows()) {
            sb.append("| ").append(String.join(" | ", r.stream().map(MarkdownRenderer::text).toList())).append(" |\n");
        }
        sb.append('\n');
    }

    /** Inline text: names as code spans, prose and labels escaped. */
    static String text(Text t) {
        StringBuilder sb = new StringBuilder();
        for (Span s : t.spans()) {
            sb.append(s.kind() == Span.Kind.CODE ? Escape.markdownCode(s.text()) : Escape.markdown(s.text()));
        }
        return sb.toString();
    }
}
