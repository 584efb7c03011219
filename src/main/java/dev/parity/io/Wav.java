package dev.parity.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Writes mono RIFF/WAVE files: 16-bit PCM (clipped to [−1, 1], rounded) or 32-bit IEEE float. */
public final class Wav {
    private Wav() {
    }

    /** Sample encodings. */
    public enum Encoding { PCM16, FLOAT32 }

    /**
     * Writes {@code samples} (nominal range [−1, 1]) as a mono WAV file.
     *
     * @throws IllegalArgumentException when the sample rate is not positive or a sample is NaN
     */
    public static void write(Path file, float[] samples, int sampleRate, Encoding encoding) throws IOException {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        int bytesPerSample = encoding == Encoding.PCM16 ? 2 : 4;
        long dataBytes = (long) samples.length * bytesPerSample;
        if (dataBytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException(samples.length + " samples do not fit in one WAV file");
        }
        ByteBuffer b = ByteBuffer.allocate(44 + (int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        header(b, (int) dataBytes, sampleRate, bytesPerSample, encoding == Encoding.PCM16 ? 1 : 3);
        for (int i = 0; i < samples.length; i++) {
            float s = samples[i];
            if (Float.isNaN(s)) {
                throw new IllegalArgumentException("sample " + i + " is NaN");
            }
            if (encoding == Encoding.PCM16) {
                b.putShort((short) Math.round(Math.max(-1f, Math.min(1f, s)) * 32767f));
            } else {
                b.putFloat(s);
            }
        }
        AtomicFiles.write(file, out -> out.write(b.array()));
    }

    private static void header(ByteBuffer b, int dataBytes, int rate, int bytesPerSample, int format) {
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
        b.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) format).putShort((short) 1).putInt(rate).putInt(rate * bytesPerSample);
        b.putShort((short) bytesPerSample).putShort((short) (8 * bytesPerSample));
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
    }
}
