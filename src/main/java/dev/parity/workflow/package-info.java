/**
 * Workflows that the CLI and the GUI share, a layer above {@code localize} and {@code port} and below {@code cli}
 * and {@code ui}: run the port on a dump ({@link dev.parity.workflow.RunService}), diagnose with stage swaps and
 * replay ({@link dev.parity.workflow.DiagnoseService}), replay, doctor and the demo
 * ({@link dev.parity.workflow.DemoService}), each returning result objects; and the conversion of a diagnosis into
 * a {@link dev.parity.report.doc.Document} that {@code report}'s renderers write.
 */
package dev.parity.workflow;
