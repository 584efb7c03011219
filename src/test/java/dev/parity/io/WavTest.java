package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavTest {
    @TempDir
    Path tmp;

    @Test
    void pcm16HeaderAndSamples() throws Exception {
        Path f = tmp.resolve("a.wav");
        Wav.write(f, new float[] {0f, 0.5f, -1f, 2f}, 24000, Wav.Encoding.PCM16);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(44 + 8, b.capacity());
        assertEquals("RIFF", new String(b.array(), 0, 4, StandardCharsets.US_ASCII));
        assertEquals(36 + 8, b.getInt(4));
        assertEquals(1, b.getShort(20)); // PCM
        assertEquals(1, b.getShort(22)); // mono
        assertEquals(24000, b.getInt(24));
        assertEquals(48000, b.getInt(28));
        assertEquals(16, b.getShort(34));
        assertEquals(8, b.getInt(40));
        assertEquals(0, b.getShort(44));
        assertEquals(16384, b.getShort(46)); // round(0.5·32767)
        assertEquals(-32767, b.getShort(48));
        assertEquals(32767, b.getShort(50)); // clipped
    }

    @Test
    void float32AndErrors() throws Exception {
        Path f = tmp.resolve("b.wav");
        Wav.write(f, new float[] {0.25f}, 16000, Wav.Encoding.FLOAT32);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3, b.getShort(20));
        assertEquals(0.25f, b.getFloat(44));
        assertThrows(IllegalArgumentException.class, () -> Wav.write(f, new float[] {Float.NaN}, 16000,
                Wav.Encoding.PCM16));
        assertThrows(IllegalArgumentException.class, () -> Wav.write(f, new float[0], 0, Wav.Encoding.PCM16));
    }
}
