package dev.parity.report.doc;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Inline text: runs of prose, names and status labels, in order. Immutable; {@link #then} returns a new text. */
public record Text(List<Span> spans) {
    public Text {
        spans = List.copyOf(spans);
    }

    /** Prose. */
    public static Text of(String plain) {
        return new Text(List.of(new Span(plain, Span.Kind.PLAIN)));
    }

    /** A name shown literally (a code span); null reads as empty. */
    public static Text code(String name) {
        return new Text(List.of(new Span(name, Span.Kind.CODE)));
    }

    /** A status label ({@code pass}, {@code fail}, ...). */
    public static Text status(String label) {
        return new Text(List.of(new Span(label, Span.Kind.STATUS)));
    }

    /** This text followed by prose. */
    public Text then(String plain) {
        return then(of(plain));
    }

    /** This text followed by a name. */
    public Text thenCode(String name) {
        return then(code(name));
    }

    /** This text followed by another. */
    public Text then(Text more) {
        List<Span> all = new ArrayList<>(spans);
        all.addAll(more.spans);
        return new Text(all);
    }

    /** The characters alone, every run's raw text concatenated. */
    public String plain() {
        return spans.stream().map(Span::text).collect(Collectors.joining());
    }

    /** Prose cells, one per string. */
    public static List<Text> row(String... cells) {
        return rowOf(List.of(cells));
    }

    /** Prose cells, one per string. */
    public static List<Text> rowOf(List<String> cells) {
        return cells.stream().map(Text::of).toList();
    }
}
