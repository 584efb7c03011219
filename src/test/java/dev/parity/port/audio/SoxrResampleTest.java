package dev.parity.port.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.SharedData;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Fixtures;
import dev.parity.io.Npy;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.io.Wav;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The soxr HQ port against libsoxr 0.1.3: the conditioning dump's {@code soxr.resample()} / {@code librosa.resample()}
 * entries and fixtures/audio/soxr (libsoxr at fourteen rate pairs, make_soxr_fixtures.py).
 */
class SoxrResampleTest {
    static final Path DUMP = SharedData.dump("cond-small-seed1");
    static final Trace COND = TraceReader.read(DUMP);
    static final Path SOXR = Path.of("src/test/resources/fixtures/audio/soxr");
    /** float32 precision: libsoxr's float32 FFT against this port's float64 sums. */
    static final double REL_L2 = 5e-7;
    static final double MAX_ABS = 5e-7;

    static float[] entry(String name, int call, EntryKind kind) {
        return COND.tensor(COND.get(new EntryId(name, call, kind, null))).toFloatArray();
    }

    @Test
    void matchesTheDumpsSoxrCalls() {
        float[] wav22 = entry("soxr.resample()", 0, EntryKind.IN);
        float[] wav24 = new SoxrResample(22050, 24000).resample(wav22);
        assertClose("22050 -> 24000", entry("soxr.resample()", 0, EntryKind.OUT), wav24);
        float[] ref24 = entry("soxr.resample()", 1, EntryKind.IN);
        assertClose("24000 -> 16000", entry("soxr.resample()", 1, EntryKind.OUT),
                new SoxrResample(24000, 16000).resample(ref24));
    }

    /** From the WAV file: librosa.load(sr=24000), then librosa.resample(24000 → 16000) with its one padded zero. */
    @Test
    void fromTheRecordingToBothLibrosaWaves() {
        Wav.Audio a = Wav.read(DUMP.resolve("inputs/reference.wav"));
        float[] wav24 = new SoxrResample(a.sampleRate(), 24000).librosaResample(a.samples());
        assertClose("librosa.load()", entry("librosa.load()", 0, EntryKind.OUT), wav24);
        float[] wav16 = new SoxrResample(24000, 16000).librosaResample(wav24);
        float[] want = entry("librosa.resample()", 1, EntryKind.OUT);
        assertEquals(108_010, wav16.length);
        assertEquals(0f, wav16[108_009], "librosa pads soxr's 108009 samples with one zero");
        assertClose("librosa.resample()#1", want, wav16);
    }

    @ParameterizedTest
    @CsvSource({"44100, 24000", "48000, 24000", "16000, 24000", "8000, 24000", "32000, 24000", "11025, 24000",
        "44100, 16000", "48000, 16000", "22050, 16000", "8000, 16000", "24000, 22050", "22050, 24000",
        "8000, 44100", "12000, 16000"})
    void matchesLibsoxrAtCommonRates(int in, int out) {
        String pair = in + "-" + out;
        JsonNode plan = Fixtures.readJson(SOXR.resolve("plans.json")).get(pair);
        float[] x = Npy.read(SOXR.resolve(pair + ".in.npy")).toFloatArray();
        float[] want = Npy.read(SOXR.resolve(pair + ".out.npy")).toFloatArray();
        SoxrResample r = new SoxrResample(in, out);
        assertEquals(plan.get("out_len").asLong(), r.outputLength(x.length));
        assertClose(pair + " " + r.describe(), want, r.resample(x));
    }

    @Test
    void planMatchesLibsoxrsTraceForTheDumpsRates() {
        assertEquals(List.of("dft 2/1 taps=409", "poly 80/147 taps=1199"), new SoxrResample(22050, 24000).describe());
        assertEquals(List.of("dft 2/3 taps=581"), new SoxrResample(24000, 16000).describe());
        assertEquals(List.of("dft 1/1 taps=561", "poly 160/441 taps=1919"), new SoxrResample(44100, 16000).describe());
        assertEquals(List.of("dft 2/1 taps=429", "poly 882/1280 taps=13229", "dft 4/1 taps=129"),
                new SoxrResample(8000, 44100).describe(), "pre, arb and post stages (small-integer optimisation)");
        assertEquals(0.9137436532733066, SoxrResample.PASSBAND_END, 0.0);
    }

    @Test
    void whatThePortLacksIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SoxrResample(96000, 24000));
        assertTrue(e.getMessage().contains("96000 -> 24000") && e.getMessage().contains("half-band"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SoxrResample(44100, 23999.5));
        assertTrue(e.getMessage().contains("interpolated"), e.getMessage());
        float[] same = {0.5f, -0.25f};
        assertArrayEquals(same, new SoxrResample(16000, 16000).resample(same));
    }

    static void assertClose(String what, float[] want, float[] got) {
        assertEquals(want.length, got.length, what + " length");
        double d = 0;
        double r = 0;
        double max = 0;
        for (int i = 0; i < want.length; i++) {
            double e = got[i] - want[i];
            d += e * e;
            r += (double) want[i] * want[i];
            max = Math.max(max, Math.abs(e));
        }
        double rel = Math.sqrt(d / r);
        assertTrue(rel <= REL_L2 && max <= MAX_ABS, what + ": rel L2 " + rel + ", max abs " + max);
    }
}
