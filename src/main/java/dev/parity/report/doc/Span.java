package dev.parity.report.doc;

/**
 * A run of text of one kind.
 *
 * @param text the raw text (a renderer escapes it for its medium)
 * @param kind how it is set: plain prose, a literal name or code, or a status label
 */
public record Span(String text, Kind kind) {
    /** How a run is set. */
    public enum Kind {
        /** Prose. */
        PLAIN,
        /** A name taken from data (an entry, a module, a path), shown literally: a code span. */
        CODE,
        /** A status label such as {@code pass} or {@code fail}, which HTML colours by its class. */
        STATUS
    }

    public Span {
        text = text == null ? "" : text;
    }
}
