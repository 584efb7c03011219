package dev.parity.report;

import dev.parity.compare.Comparison;
import java.time.Instant;

/**
 * Everything a report shows. One model, many writers ({@link ReportWriters}).
 *
 * @param title a heading, e.g. "s3gen-small-seed1 vs java-port"
 * @param created when the comparison was made
 */
public record Report(String title, Instant created, Comparison comparison) {
    public static final String TOOL = dev.parity.io.BuildInfo.TOOL;
}
