/**
 * Chatterbox's conditioning front end ({@code ChatterboxTTS.prepare_conditionals}): the three mel front ends, the
 * Kaldi fbank, trimming, the {@code VoiceEncoder} ({@code ve}), CAMPPlus ({@code speaker_encoder}) and
 * {@code S3TokenizerV2} ({@code tokenizer}), one class per upstream module, traced under the reference's names.
 * Resampling is not here: a run starts from 24 kHz and 16 kHz waves (see {@link dev.parity.port.cond.Conditioning}).
 */
package dev.parity.port.cond;
