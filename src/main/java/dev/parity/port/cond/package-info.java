/**
 * Chatterbox's conditioning front end ({@code ChatterboxTTS.prepare_conditionals}): the three mel front ends, the
 * Kaldi fbank, trimming, the {@code VoiceEncoder} ({@code ve}), CAMPPlus ({@code speaker_encoder}) and
 * {@code S3TokenizerV2} ({@code tokenizer}), one class per upstream module, traced under the reference's names.
 * The resamplers themselves are {@code dev.parity.port.audio}'s; {@link dev.parity.port.cond.Conditioning#waves} traces
 * them under upstream's names ({@code librosa.load()}, {@code librosa.resample()}, {@code ta_resample_24000_16000}).
 */
package dev.parity.port.cond;
