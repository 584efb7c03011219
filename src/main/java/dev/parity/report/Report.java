package dev.parity.report;

import dev.parity.compare.Comparison;
import dev.parity.compare.TokenParity;
import java.time.Instant;

/**
 * Everything a report shows. One model, many writers ({@link ReportWriters}).
 *
 * @param title a heading, e.g. "s3gen-small-seed1 vs java-port"
 * @param created when the comparison was made
 * @param tokens the token-level view of a sampled run ({@link TokenParity#none()} for a trace without a sampler)
 */
public record Report(String title, Instant created, Comparison comparison, TokenParity tokens) {
    public static final String TOOL = dev.parity.io.BuildInfo.TOOL;

    /** A report without a token-level view. */
    public Report(String title, Instant created, Comparison comparison) {
        this(title, created, comparison, TokenParity.none());
    }
}
