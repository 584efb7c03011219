package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.RunContext;

/** The mel-to-wav stage S3Token2Wav plugs in ({@code mel2wav.inference}, HiFT upstream). */
public interface Vocoder {
    /**
     * @param speechFeat mel, (1, 80, frames)
     * @return {wav (1, 480·frames), source (1, 1, 480·frames)}
     */
    NDArray[] inference(RunContext ctx, NDArray speechFeat, RandomDraws draws);
}
