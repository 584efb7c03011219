package dev.parity.port.cond;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parity.io.Npy;
import dev.parity.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The computed mel banks against the ones upstream's librosa made ({@code extras/} of the conditioning dump). */
class MelFiltersTest {
    private static void check(String file, float[][] w) {
        Tensor t = Npy.read(CondDump.original().resolve("extras").resolve(file));
        float[] ref = t.toFloatArray();
        assertEquals(t.shape().dim(0), w.length);
        assertEquals(t.shape().dim(1), w[0].length);
        double worst = 0;
        for (int i = 0; i < w.length; i++) {
            for (int k = 0; k < w[0].length; k++) {
                float r = ref[i * w[0].length + k];
                worst = Math.max(worst, Math.abs(w[i][k] - r) / Math.max(Math.abs(r), 1e-6));
            }
        }
        assertEquals(0, worst, 1e-6, file + ": worst relative error");
    }

    @Test
    void tokenizerFilters() {
        check("tokenizer_mel_filters_128x201.npy", MelFilters.slaney(16000, 400, 128, 0, 8000));
    }

    @Test
    void voiceEncoderBasis() {
        check("ve_mel_basis_40x201.npy", MelFilters.slaney(16000, 400, 40, 0, 8000));
    }

    @Test
    void s3genBasis() {
        check("s3gen_mel_basis_80x961.npy", MelFilters.slaney(24000, 1920, 80, 0, 8000));
    }
}
