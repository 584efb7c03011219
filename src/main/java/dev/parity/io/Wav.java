package dev.parity.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * RIFF/WAVE files. Writes mono 16-bit PCM (clipped to [−1, 1], rounded) or 32-bit IEEE float. Reads what a user's
 * recording is likely to be: 8/16/24/32-bit PCM and 32/64-bit float, plain or {@code WAVE_FORMAT_EXTENSIBLE}, any
 * rate and channel count, giving the float32 samples {@code librosa.load(path, sr=None)} gives (see
 * {@link #read(Path)}).
 */
public final class Wav {
    /** {@code WAVE_FORMAT_PCM}. */
    static final int FORMAT_PCM = 1;
    /** {@code WAVE_FORMAT_IEEE_FLOAT}. */
    static final int FORMAT_FLOAT = 3;
    /** {@code WAVE_FORMAT_EXTENSIBLE}: the real format is the first two bytes of the sub-format GUID. */
    static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private Wav() {
    }

    /**
     * A decoded recording.
     *
     * @param samples mono float32 samples in [−1, 1): channels averaged as {@code librosa.to_mono} does
     * @param sampleRate frames per second
     * @param channels channels in the file
     * @param format {@code pcm8}, {@code pcm16}, {@code pcm24}, {@code pcm32}, {@code float32} or {@code float64}
     */
    public record Audio(float[] samples, int sampleRate, int channels, String format) {
        /** Duration in seconds. */
        public double seconds() {
            return (double) samples.length / sampleRate;
        }
    }

    /**
     * Reads a WAV file as {@code librosa.load(path, sr=None, mono=True)} does (libsndfile underneath): PCM is
     * scaled to float32 by {@code (float) x / 2^(bits−1)} (8-bit is unsigned, centred on 128), 64-bit float is
     * rounded to float32, then the channels of each frame are summed in float32 in channel order and divided by
     * their count. Chunks other than {@code fmt } and {@code data} are skipped.
     *
     * @throws FormatException naming the file and the problem: not a WAV file, an unsupported encoding, a missing
     *     or truncated chunk, no samples, or a sample that is NaN or infinite
     */
    public static Audio read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new FormatException(file, "file not found");
        } catch (IOException e) {
            throw new FormatException(file, "cannot read: " + e.getMessage(), e);
        }
        return WavReader.parse(file, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
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
