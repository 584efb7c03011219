package dev.parity.port.cond;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.parity.io.Npy;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The FSQ digits against torch on values with exact ties (fixture: fixtures/cond/fsq_ties.py). */
class FsqTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures/cond");

    @Test
    void roundsHalfToEvenLikeTorch() {
        float[] h = Npy.read(DIR.resolve("fsq_ties_h.npy")).toFloatArray();
        int[] codes = Arrays.stream(Npy.read(DIR.resolve("fsq_ties_codes.npy")).toLongArray()).mapToInt(l -> (int) l)
                .toArray();
        assertArrayEquals(codes, S3TokenizerV2.fsq(h, false));
        assertFalse(Arrays.equals(codes, S3TokenizerV2.fsq(h, true)), "the half-up fault changes tied digits");
    }
}
