/**
 * The HiFT vocoder of Chatterbox S3Gen ({@code mel2wav}, upstream {@code hifigan.py} and {@code f0_predictor.py}):
 * mel → f0 → harmonic source → iSTFT waveform, one class per upstream module, plus the runner that replays a
 * reference dump and writes a candidate trace.
 */
package dev.parity.port.hift;
