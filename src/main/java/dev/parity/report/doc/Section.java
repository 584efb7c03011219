package dev.parity.report.doc;

import java.util.List;

/**
 * A titled part of a {@link Document}: blocks in order.
 *
 * @param title its heading (Markdown {@code ##}, HTML {@code h2}, a line of its own in a terminal); null for the
 *              untitled opening part
 */
public record Section(String title, List<Block> blocks) {
    public Section {
        blocks = List.copyOf(blocks);
    }
}
