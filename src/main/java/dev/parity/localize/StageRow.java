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
    /** The stage boundaries of T3 (call 0: the prefill and the first sampling step), in execution order. */
    public static final java.util.List<String> T3 = java.util.List.of("cond_enc", "t3.prepare_input_embeds()", "tfmr",
            "speech_head", "t3.inference.repetition_penalty_processor()", "t3.inference.min_p_warper()",
            "t3.inference.top_p_warper()", "torch.multinomial()");
    /** Both models' boundaries; a trace shows the rows of the model it holds. */
    public static final java.util.List<String> ALL = java.util.stream.Stream.concat(S3GEN.stream(), T3.stream())
            .toList();
}
