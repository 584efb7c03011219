/**
 * The S3Gen flow (upstream {@code CausalMaskedDiffWithXvec}): conformer encoder and flow-matching decoder,
 * one class per upstream module, plus the {@code S3Token2Wav} top level whose vocoder is pluggable.
 */
package dev.parity.port.s3gen;
