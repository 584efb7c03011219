/**
 * Workflows that the CLI and the GUI share: run the port on a dump ({@link dev.parity.workflow.RunService}),
 * diagnose with stage swaps and replay ({@link dev.parity.workflow.DiagnoseService}) and the demo
 * ({@link dev.parity.workflow.DemoService}). Each returns result objects; printing and showing them is the
 * caller's. Sits above {@code localize} and {@code port}, below {@code cli} and {@code ui}.
 */
package dev.parity.workflow;
