package dev.parity.port.audio;

/**
 * Chatterbox's two sample rates, under upstream's names; the one place they are written.
 */
public final class SampleRates {
    /** S3Gen's rate ({@code chatterbox.models.s3gen.const.S3GEN_SR}): its mel, the vocoder output, the final wave. */
    public static final int S3GEN_SR = 24_000;
    /** The speech tokenizer's rate ({@code chatterbox.models.s3tokenizer.S3_SR}): the conditioning's 16 kHz waves. */
    public static final int S3_SR = 16_000;

    private SampleRates() {
    }
}
