package dev.parity.report.doc;

import dev.parity.report.Escape;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain text for a terminal: the title and the headline on lines of their own, a blank line before each section
 * (after the first line printed), a section title as {@code == title}, paragraphs and headings as lines, list items
 * indented by two spaces, tables in fixed-width columns (each as wide as its widest cell and at least its
 * {@link Table.Column#width}; a headless table indented like a list). Figures are left out. Every text is escaped
 * for the terminal ({@link #text}): a name cannot move the cursor or recolour the screen.
 */
public final class TextRenderer {
    private TextRenderer() {
    }

    public static String render(Document d) {
        StringBuilder sb = new StringBuilder();
        if (d.title() != null) {
            sb.append(Escape.terminal(d.title())).append('\n');
        }
        if (d.headline() != null) {
            sb.append(text(d.headline())).append('\n');
        }
        for (Section s : d.sections()) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            if (s.title() != null) {
                sb.append("== ").append(Escape.terminal(s.title())).append('\n');
            }
            s.blocks().forEach(b -> block(sb, b));
        }
        if (d.note() != null) {
            sb.append(Escape.terminal(d.note())).append('\n');
        }
        return sb.toString();
    }

    private static void block(StringBuilder sb, Block b) {
        if (b instanceof Block.Paragraph p) {
            sb.append(text(p.text())).append('\n');
        } else if (b instanceof Block.Bullets l) {
            l.items().forEach(i -> sb.append("  ").append(text(i)).append('\n'));
        } else if (b instanceof Block.Heading h) {
            sb.append(Escape.terminal(h.text())).append('\n');
        } else if (b instanceof Table t) {
            table(sb, t);
        } // a Figure has no text form
    }

    private static void table(StringBuilder sb, Table t) {
        List<List<String>> lines = new ArrayList<>();
        if (!t.headless()) {
            lines.add(t.columns().stream().map(c -> Escape.terminal(c.header())).toList());
        }
        t.rows().forEach(r -> lines.add(r.stream().map(TextRenderer::text).toList()));
        int n = t.columns().size();
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = t.columns().get(i).width();
            for (List<String> l : lines) {
                width[i] = Math.max(width[i], l.get(i).length());
            }
        }
        for (List<String> l : lines) {
            StringBuilder line = new StringBuilder(t.headless() ? "  " : "");
            for (int i = 0; i < n; i++) {
                Table.Column c = t.columns().get(i);
                line.append(i == 0 ? "" : " ".repeat(c.gap()));
                String pad = " ".repeat(width[i] - l.get(i).length());
                line.append(c.align() == Table.Align.RIGHT ? pad + l.get(i) : i == n - 1 ? l.get(i) : l.get(i) + pad);
            }
            sb.append(line).append('\n');
        }
    }

    /**
     * Inline text for a terminal: names ({@link Span.Kind#CODE}) escaped unambiguously ({@link Escape#terminal}),
     * prose with its control characters made visible and its backslashes as typed ({@link Escape#controls}).
     */
    static String text(Text t) {
        StringBuilder sb = new StringBuilder();
        for (Span s : t.spans()) {
            sb.append(s.kind() == Span.Kind.CODE ? Escape.terminal(s.text()) : Escape.controls(s.text()));
        }
        return sb.toString();
    }
}
