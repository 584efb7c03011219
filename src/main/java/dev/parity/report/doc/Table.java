package dev.parity.report.doc;

import java.util.List;

/**
 * A table: columns and rows of cells. Every row has one cell per column ({@link IllegalArgumentException}
 * otherwise). A {@code headless} table shows no header row in a terminal, where it is a list of aligned items,
 * indented like {@link Block.Bullets}; Markdown and HTML always show the header.
 */
public record Table(List<Column> columns, List<List<Text>> rows, boolean headless) implements Block {
    /**
     * A column.
     *
     * @param header its heading
     * @param align where a fixed-width (terminal) rendering puts the text in its cell
     * @param width the least width of the column in a terminal, in characters (0: as wide as its widest cell)
     * @param gap the spaces before the column in a terminal (ignored for the first column)
     */
    public record Column(String header, Align align, int width, int gap) {
        /** One space before it. */
        public Column(String header, Align align, int width) {
            this(header, align, width, 1);
        }

        /** Left-aligned and as wide as its widest cell. */
        public Column(String header) {
            this(header, Align.LEFT, 0);
        }
    }

    /** Alignment in a fixed-width rendering. */
    public enum Align { LEFT, RIGHT }

    public Table {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<Text> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("a row of " + r.size() + " cells in a table of " + columns.size()
                        + " columns");
            }
        }
    }

    /** A table with a header row of left-aligned columns. */
    public static Table of(List<String> header, List<List<Text>> rows) {
        return new Table(header.stream().map(Column::new).toList(), rows, false);
    }

    /** A table of prose cells with a header row of left-aligned columns. */
    public static Table ofStrings(List<String> header, List<List<String>> rows) {
        return of(header, rows.stream().map(Text::rowOf).toList());
    }
}
