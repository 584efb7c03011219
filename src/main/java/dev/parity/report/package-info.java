/**
 * Rendering of results: the converters of comparisons ({@link dev.parity.report.ComparisonDocument}) and weight
 * results ({@link dev.parity.report.WeightsDocuments}) into the neutral documents of {@code report.doc}, the CSV
 * and JUnit XML exports, the one number formatter ({@link dev.parity.report.Numbers}), escaping, and chart
 * rendering to PNG with JFreeChart. Every file is written atomically.
 */
package dev.parity.report;
