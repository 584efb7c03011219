/**
 * The HiFT vocoder of Chatterbox S3Gen ({@code mel2wav}, upstream {@code hifigan.py} and {@code f0_predictor.py}):
 * mel → f0 → harmonic source → iSTFT waveform, one class per upstream module. Replaying a reference dump is
 * {@code dev.parity.port.run.HiFTRunner}; in a whole S3Gen run the vocoder plugs in as {@code HiFTGenerator::create}.
 */
package dev.parity.port.hift;
