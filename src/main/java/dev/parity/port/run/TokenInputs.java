package dev.parity.port.run;

import dev.parity.tensor.Tensor;

/**
 * The inputs of one S3Gen inference, as the reference dump stores them ({@code inputs/*.npy}): speech tokens
 * (1, N) int; prompt tokens (1, Np) int and their length (1); prompt mel (1, 2·Np, 80); x-vector (1, 192).
 */
public record TokenInputs(Tensor speech_tokens, Tensor prompt_token, Tensor prompt_token_len, Tensor prompt_feat,
        Tensor embedding) {
}
