package dev.parity.ui;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.SourceDataLine;

/**
 * Plays float samples in [−1, 1] as 16-bit PCM through javax.sound. Without an audio device (headless CI)
 * {@link #play} fails with a message instead of breaking anything; {@code -Dparity.ui.audio=off} disables it.
 */
public final class AudioPlayer {
    private AudioPlayer() {
    }

    /** Whether playback can be attempted at all. */
    public static boolean enabled() {
        return !"off".equals(System.getProperty("parity.ui.audio"))
                && !"true".equals(System.getProperty("testfx.headless"));
    }

    /** Plays synchronously (call it off the FX thread). */
    public static void play(double[] samples, float sampleRate) throws Exception {
        if (!enabled()) {
            throw new IllegalStateException("audio playback is disabled (headless or -Dparity.ui.audio=off)");
        }
        AudioFormat fmt = new AudioFormat(sampleRate, 16, 1, true, false);
        byte[] pcm = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            int v = (int) Math.round(Math.max(-1, Math.min(1, samples[i])) * 32767);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        try (SourceDataLine line = AudioSystem.getSourceDataLine(fmt)) {
            line.open(fmt);
            line.start();
            line.write(pcm, 0, pcm.length);
            line.drain();
        }
    }
}
