package dev.parity.localize;

/**
 * One pipeline stage seen from the trace: how far its recorded inputs and outputs (call 0) are from the reference.
 * A stage whose inputs match but whose outputs do not is where a stage-level fault lives.
 *
 * @param inRelL2 largest relative L2 over its compared inputs (NaN when none was compared)
 * @param outRelL2 largest relative L2 over its compared outputs (NaN when none was compared)
 * @param diverged whether any of its outputs diverged
 * @param inputsDiverged whether any of its inputs diverged
 */
public record StageRow(String module, double inRelL2, double outRelL2, boolean inputsDiverged, boolean diverged) {
    /** The stage boundaries of S3Gen, in execution order. */
    public static final java.util.List<String> S3GEN = java.util.List.of("flow.input_embedding", "flow.encoder",
            "flow.encoder_proj", "flow.decoder", "mel2wav.f0_predictor", "mel2wav.m_source", "mel2wav.decode()");
}
