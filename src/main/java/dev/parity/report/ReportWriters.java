package dev.parity.report;

import dev.parity.io.AtomicFiles;
import dev.parity.report.doc.Documents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a {@link Report} in the format its file extension names, atomically (an old file survives a failure):
 * Markdown and JSON from {@link ComparisonDocument#summary}, HTML from {@link ComparisonDocument#full}, CSV and
 * JUnit XML one row or testcase per entry ({@link TextReportWriters}).
 */
public final class ReportWriters {
    /** The formats by extension. */
    public enum Kind { JSON, MARKDOWN, HTML, CSV, JUNIT }

    private ReportWriters() {
    }

    /**
     * The format for {@code file}: {@code .json}, {@code .md}, {@code .html}/{@code .htm}, {@code .csv},
     * {@code .xml} (JUnit XML).
     *
     * @throws IllegalArgumentException for any other extension
     */
    public static Kind kindOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return Kind.CSV;
        } else if (n.endsWith(".xml")) {
            return Kind.JUNIT;
        }
        try {
            return switch (Documents.formatOf(file)) {
                case JSON -> Kind.JSON;
                case MARKDOWN -> Kind.MARKDOWN;
                case HTML -> Kind.HTML;
                case TEXT -> throw new IllegalArgumentException("text");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown report format for '" + file
                    + "' (use .json, .md, .html, .csv or .xml for JUnit XML)");
        }
    }

    public static void write(Report report, Path file) throws IOException {
        switch (kindOf(file)) {
            case JSON -> Documents.write(ComparisonDocument.summary(report), Documents.Format.JSON, file);
            case MARKDOWN -> Documents.write(ComparisonDocument.summary(report), Documents.Format.MARKDOWN, file);
            case HTML -> Documents.write(ComparisonDocument.full(report), Documents.Format.HTML, file);
            case CSV -> AtomicFiles.write(file, out -> TextReportWriters.csv(report, out));
            case JUNIT -> AtomicFiles.write(file, out -> TextReportWriters.junit(report, out));
        }
    }
}
