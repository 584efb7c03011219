package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;

/**
 * The arguments of {@code flow.inference} as {@code S3Token2Mel.forward} passes them: speech tokens (1, N)
 * int64 and their length (1) int64; the reference dict cast to float32: prompt tokens (1, Np), prompt length
 * (1), prompt mel (1, 2·Np, 80), x-vector (1, 192).
 */
public record FlowInputs(NDArray token, NDArray token_len, NDArray prompt_token, NDArray prompt_token_len,
        NDArray prompt_feat, NDArray embedding) {
}
