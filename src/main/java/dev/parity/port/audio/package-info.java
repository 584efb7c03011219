/**
 * Audio front-end steps of the conditioning path that are plain arithmetic on float32 waves: the two resamplers
 * upstream uses, torchaudio's windowed-sinc {@link dev.parity.port.audio.Resample} and the soxr "HQ" one behind
 * {@code librosa.resample} ({@link dev.parity.port.audio.SoxrResample}). No DJL: they run on Java arrays.
 * Chatterbox's two sample rates live here too ({@link dev.parity.port.audio.SampleRates}).
 */
package dev.parity.port.audio;
