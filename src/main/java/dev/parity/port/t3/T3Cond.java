package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;

/**
 * Upstream {@code T3Cond}: what T3 is conditioned on besides the text.
 *
 * @param speaker_emb (1, speaker_embed_size) float32
 * @param cond_prompt_speech_tokens (1, Np) int64
 * @param emotion_adv (1, 1, 1) float32, the exaggeration
 */
public record T3Cond(NDArray speaker_emb, NDArray cond_prompt_speech_tokens, NDArray emotion_adv) {
}
