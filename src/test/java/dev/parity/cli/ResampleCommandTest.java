package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.io.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parity resample}: the dump's recording to 24 kHz as librosa.load does; bad audio exits 3 in one line. */
class ResampleCommandTest {
    static final Path COND = SharedData.dump("cond-small-seed1");
    static final Path AUDIO = Path.of("src/test/resources/fixtures/audio");

    @TempDir
    Path tmp;

    @Test
    void recordingTo24kHzIsTheDumpsLibrosaLoadOutput() {
        Path out = tmp.resolve("ref24.wav");
        CliRun r = CliRun.of("resample", COND.resolve("inputs/reference.wav").toString(), "--rate", "24000", "--out",
                out.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("22050 Hz, 1 channel(s), pcm16, 148850 samples"), r.out());
        Wav.Audio a = Wav.read(out);
        assertEquals(24000, a.sampleRate());
        Trace t = TraceReader.read(COND);
        float[] want = t.tensor(t.get(new EntryId("librosa.load()", 0, EntryKind.OUT, null))).toFloatArray();
        assertEquals(want.length, a.samples().length);
        double d = 0;
        double n = 0;
        for (int i = 0; i < want.length; i++) {
            d += Math.pow(a.samples()[i] - want[i], 2);
            n += (double) want[i] * want[i];
        }
        assertTrue(Math.sqrt(d / n) < 5e-7, "rel L2 " + Math.sqrt(d / n));
    }

    @Test
    void badAudioExits3WithOneLineNamingTheFile() {
        Path bad = AUDIO.resolve("bad-empty-data.wav");
        CliRun r = CliRun.of("resample", bad.toString(), "--rate", "16000", "--out", tmp.resolve("x.wav").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(bad + ": no audio"), r.err());
        assertTrue(Files.notExists(tmp.resolve("x.wav")));
    }

    @Test
    void aRatePairThePortLacksExits3NamingTheFile() {
        Path in = AUDIO.resolve("pcm16-mono-22050.wav");
        CliRun r = CliRun.of("resample", in.toString(), "--rate", "2000", "--out", tmp.resolve("x.wav").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains(in + ": soxr HQ 22050 -> 2000 Hz needs"), r.err());
    }

    @Test
    void neverOverwritesTheInput() throws Exception {
        Path copy = Files.copy(AUDIO.resolve("pcm16-mono-22050.wav"), tmp.resolve("in.wav"));
        byte[] before = Files.readAllBytes(copy);
        CliRun r = CliRun.of("resample", copy.toString(), "--rate", "16000", "--out", copy.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertArrayEquals(before, Files.readAllBytes(copy));
    }
}
