package dev.parity.report.doc;

import dev.parity.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Renders a {@link Document} in a {@link Format} and writes it atomically (an old file survives a failure). */
public final class Documents {
    /** The renderings of a document. */
    public enum Format { MARKDOWN, HTML, JSON, TEXT }

    private Documents() {
    }

    /**
     * The format a file's extension names: {@code .md}/{@code .markdown}, {@code .html}/{@code .htm},
     * {@code .json}, {@code .txt}.
     *
     * @throws IllegalArgumentException for any other extension, naming the file and the extensions allowed
     */
    public static Format formatOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".md") || n.endsWith(".markdown")) {
            return Format.MARKDOWN;
        } else if (n.endsWith(".html") || n.endsWith(".htm")) {
            return Format.HTML;
        } else if (n.endsWith(".json")) {
            return Format.JSON;
        } else if (n.endsWith(".txt")) {
            return Format.TEXT;
        }
        throw new IllegalArgumentException("unknown report format for '" + file + "' (use .md, .html, .json or .txt)");
    }

    public static String render(Document d, Format f) {
        return switch (f) {
            case MARKDOWN -> MarkdownRenderer.render(d);
            case HTML -> HtmlRenderer.render(d);
            case JSON -> JsonRenderer.render(d);
            case TEXT -> TextRenderer.render(d);
        };
    }

    /** Writes {@code d} to {@code file} in the format its extension names. */
    public static void write(Document d, Path file) throws IOException {
        write(d, formatOf(file), file);
    }

    public static void write(Document d, Format f, Path file) throws IOException {
        AtomicFiles.writeString(file, render(d, f));
    }
}
