package dev.parity.port.run;

import dev.parity.tensor.Tensor;

/**
 * The inputs of one {@code T3.inference}, as a T3 dump stores them ({@code inputs/*.npy}): text ids (2, Lt) with
 * the start and stop tokens (row 1 becomes the unconditional CFG row), speaker embedding (1, 256), prompt speech
 * tokens (1, Np), exaggeration (1, 1, 1).
 */
public record T3Inputs(Tensor text_tokens, Tensor speaker_emb, Tensor cond_prompt_speech_tokens,
        Tensor emotion_adv) {
}
