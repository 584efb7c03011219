package dev.parity.port.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void matchesTheDumpsTorchaudioWaveToFloat32Precision() {
        float[] in = entry("ta_resample_24000_16000", 0, EntryKind.IN);
        float[] want = entry("ta_resample_24000_16000", 0, EntryKind.OUT);
        float[] got = new Resample(24000, 16000).forward(in);
        assertEquals(108_010, got.length);
        assertEquals(want.length, got.length);
        double diff = 0;
        double ref = 0;
        double maxAbs = 0;
        for (int i = 0; i < want.length; i++) {
            double d = got[i] - want[i];
            diff += d * d;
            ref += (double) want[i] * want[i];
            maxAbs = Math.max(maxAbs, Math.abs(d));
        }
        double relL2 = Math.sqrt(diff / ref);
        // PyTorch sums the 23 products in float32; a few ulps of the wave's scale (|x| ≤ 1: ulp 6e-8 at 0.5)
        assertTrue(relL2 < 2e-7, "rel L2 " + relL2);
        assertTrue(maxAbs < 3e-7, "max abs " + maxAbs);
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
