package dev.parity.port.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.parity.SharedData;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import org.junit.jupiter.api.Test;

/** torchaudio's Resample(24000, 16000) against the conditioning dump's {@code ta_resample_24000_16000}. */
class ResampleTest {
    static final Trace COND = TraceReader.read(SharedData.dump("cond-small-seed1"));

    static float[] entry(String name, int call, EntryKind kind) {
        return COND.tensor(COND.get(new EntryId(name, call, kind, null))).toFloatArray();
    }

    /** The float64-built kernel and float32 fused multiply-adds in tap order: every sample bit for bit. */
    @Test
    void matchesTheDumpsTorchaudioWaveBitForBit() {
        float[] in = entry("ta_resample_24000_16000", 0, EntryKind.IN);
        float[] want = entry("ta_resample_24000_16000", 0, EntryKind.OUT);
        float[] got = new Resample(24000, 16000).forward(in);
        assertEquals(108_010, got.length);
        assertArrayEquals(want, got);
    }

    @Test
    void kernelHasTorchaudiosShapeAndLength() {
        float[][] k = new Resample(24000, 16000).kernel();
        assertEquals(2, k.length, "new_freq phases after the gcd");
        assertEquals(23, k[0].length, "2·width + orig = 2·10 + 3");
        assertEquals(108_010, new Resample(24000, 16000).outputLength(162_014));
        float[] same = {1f, 2f};
        assertSame(same, new Resample(16000, 16000).forward(same));
    }
}
