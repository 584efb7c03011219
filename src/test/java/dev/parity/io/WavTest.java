package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.SharedData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Writing, and reading against the files and values of fixtures/audio/make_wav_fixtures.py. */
class WavTest {
    static final Path AUDIO = Path.of("src/test/resources/fixtures/audio");
    static final JsonNode EXPECTED = Fixtures.readJson(AUDIO.resolve("expected.json"));
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

    static Stream<String> goodFiles() {
        return names().stream().filter(n -> EXPECTED.get(n).has("rate"));
    }

    static Stream<String> badFiles() {
        return names().stream().filter(n -> EXPECTED.get(n).has("problem"));
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        EXPECTED.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** PCM 8/16/24/32, float 32/64, extensible, 1–3 channels: the float32 mono samples librosa.load gives. */
    @ParameterizedTest
    @MethodSource("goodFiles")
    void readsWhatLibrosaLoadReturns(String name) {
        JsonNode want = EXPECTED.get(name);
        Wav.Audio a = Wav.read(AUDIO.resolve(name));
        assertEquals(want.get("rate").asInt(), a.sampleRate(), name);
        assertEquals(want.get("channels").asInt(), a.channels(), name);
        assertEquals(want.get("format").asText(), a.format(), name);
        float[] expect = Npy.read(AUDIO.resolve(name.replace(".wav", ".npy"))).toFloatArray();
        assertArrayEquals(expect, a.samples(), name + ": bit for bit");
    }

    @Test
    void fixturesCoverEveryEncodingAndWereCheckedWithLibsndfile() {
        List<String> formats = goodFiles().map(n -> EXPECTED.get(n).get("format").asText()).distinct().sorted()
                .toList();
        assertEquals(List.of("float32", "float64", "pcm16", "pcm24", "pcm32", "pcm8"), formats);
        assertTrue(goodFiles().anyMatch(n -> n.startsWith("ext-")), "WAVE_FORMAT_EXTENSIBLE");
        assertTrue(goodFiles().allMatch(n -> EXPECTED.get(n).get("checked_with_libsndfile").asBoolean()));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void badAudioIsOneLineNamingTheFileAndTheProblem(String name) {
        Path f = AUDIO.resolve(name);
        FormatException e = assertThrows(FormatException.class, () -> Wav.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.problem().contains(EXPECTED.get(name).get("problem").asText()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void aMissingFileIsNamed() {
        FormatException e = assertThrows(FormatException.class, () -> Wav.read(tmp.resolve("none.wav")));
        assertEquals("file not found", e.problem());
    }

    /** The conditioning dump's recording: inputs/reference.npy is soundfile.read(float32) of inputs/reference.wav. */
    @Test
    void conditioningDumpRecordingMatchesItsNpy() {
        Path inputs = SharedData.dump("cond-small-seed1").resolve("inputs");
        Wav.Audio a = Wav.read(inputs.resolve("reference.wav"));
        assertEquals(22050, a.sampleRate());
        assertEquals(1, a.channels());
        assertEquals("pcm16", a.format());
        assertEquals(148_850, a.samples().length);
        assertArrayEquals(Npy.read(inputs.resolve("reference.npy")).toFloatArray(), a.samples());
    }

    @Test
    void whatTheWriterWritesReadsBack() throws Exception {
        Path f = tmp.resolve("c.wav");
        float[] x = {0f, 0.25f, -0.5f, 0.999f};
        Wav.write(f, x, 44100, Wav.Encoding.FLOAT32);
        assertArrayEquals(x, Wav.read(f).samples());
        Wav.write(f, x, 16000, Wav.Encoding.PCM16);
        Wav.Audio a = Wav.read(f);
        assertEquals(16000, a.sampleRate());
        assertEquals(Math.round(0.25f * 32767f) / 32768f, a.samples()[1]);
    }

    /** Truncations and byte flips of every good fixture: a recording or a FormatException, never anything else. */
    @ParameterizedTest
    @MethodSource("goodFiles")
    void damagedFilesAreReadOrRefusedWithAFormatException(String name) throws Exception {
        byte[] good = Files.readAllBytes(AUDIO.resolve(name));
        java.util.Random rnd = new java.util.Random(name.hashCode());
        for (int k = 0; k < 200; k++) {
            byte[] bad = k < 60 ? java.util.Arrays.copyOf(good, rnd.nextInt(good.length)) : good.clone();
            for (int f = 0; k >= 60 && f < 1 + rnd.nextInt(4); f++) {
                bad[rnd.nextInt(Math.min(bad.length, 96))] = (byte) rnd.nextInt(256); // mostly header bytes
            }
            Path f = tmp.resolve("damaged.wav");
            Files.write(f, bad);
            try {
                Wav.Audio a = Wav.read(f);
                assertTrue(a.samples().length > 0 && a.sampleRate() > 0 && a.channels() > 0);
            } catch (FormatException e) {
                assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
            }
        }
    }
}
