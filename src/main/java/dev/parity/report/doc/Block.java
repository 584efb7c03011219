package dev.parity.report.doc;

import java.util.List;

/** One block of a {@link Section}: a paragraph, a list, a sub-heading, a table or a figure. */
public sealed interface Block permits Block.Paragraph, Block.Bullets, Block.Heading, Block.Figure, Table {
    /**
     * A paragraph.
     *
     * @param style {@link Style#NORMAL}, or {@link Style#VERDICT} / {@link Style#VERDICT_OK} for a finding set
     *              off (bold in Markdown, a highlighted box in HTML), or {@link Style#NOTE} for small print
     */
    record Paragraph(Text text, Style style) implements Block {
        /** How a paragraph is set. */
        public enum Style { NORMAL, VERDICT, VERDICT_OK, NOTE }

        public Paragraph(Text text) {
            this(text, Style.NORMAL);
        }
    }

    /** A bulleted list: one item per text. In a terminal the items are indented lines. */
    record Bullets(List<Text> items) implements Block {
        public Bullets {
            items = List.copyOf(items);
        }
    }

    /** A heading below the section's own (Markdown {@code ###}, HTML {@code h3}). */
    record Heading(String text) implements Block {
    }

    /** A picture: a PNG image (HTML embeds it; Markdown, JSON and the terminal leave it out). */
    record Figure(String alt, byte[] png) implements Block {
    }
}
