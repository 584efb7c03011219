/**
 * Workflows that the CLI and the GUI share, a layer above {@code localize} and below {@code cli} and {@code ui}:
 * among them the conversion of a diagnosis into a {@link dev.parity.report.doc.Document} that {@code report}'s
 * renderers write.
 */
package dev.parity.workflow;
