package dev.parity.localize;

import static dev.parity.port.audio.SampleRates.S3GEN_SR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.SharedData;
import dev.parity.io.Npy;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Audio-level figures against NumPy (fixtures/localize/make_audio_fixture.py, which defines the broken candidate). */
class AudioCheckTest {
    private static JsonNode expected;
    private static AudioCheck check;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = AudioCheckTest.class.getResourceAsStream("/fixtures/localize/audio_checks.json")) {
            expected = new ObjectMapper().readTree(in);
        }
        Tensor mel = Npy.read(SharedData.smallDump().resolve("outputs/mel.npy"));
        Tensor wav = Npy.read(SharedData.smallDump().resolve("outputs/wav.npy"));
        TensorLookup ref = id -> id.equals(AudioCheck.MEL) ? mel : id.equals(AudioCheck.WAV) ? wav : null;
        Tensor melC = brokenMel(mel);
        Tensor wavC = brokenWav(wav);
        TensorLookup cand = id -> id.equals(AudioCheck.MEL) ? melC : id.equals(AudioCheck.WAV) ? wavC : null;
        check = AudioCheck.of(ref, cand);
    }

    /** roll(0.75·mel + 3, 2 frames). */
    private static Tensor brokenMel(Tensor mel) {
        double[] v = mel.toDoubleArray();
        int t = (int) mel.shape().dim(2);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            int ch = i / t;
            int fr = i % t;
            out[ch * t + (fr + 2) % t] = (float) (0.75 * v[i] + 3);
        }
        return Tensor.ofFloats(mel.shape(), out);
    }

    /** 0.5·wav + 0.2·sin(2π·9000·n/24000). */
    private static Tensor brokenWav(Tensor wav) {
        double[] v = wav.toDoubleArray();
        float[] out = new float[v.length];
        for (int n = 0; n < v.length; n++) {
            out[n] = (float) (0.5 * v[n] + 0.2 * Math.sin(2 * Math.PI * 9000 * n / S3GEN_SR));
        }
        return Tensor.ofFloats(wav.shape(), out);
    }

    private static void near(double want, double got, String what) {
        assertEquals(want, got, 1e-7 * Math.max(1, Math.abs(want)), what);
    }

    @Test
    void melStatisticsMatchNumpy() {
        for (String side : List.of("refMel", "candMel")) {
            MelStats s = side.equals("refMel") ? check.refMel() : check.candMel();
            JsonNode e = expected.get(side);
            near(e.get("min").asDouble(), s.min(), side + " min");
            near(e.get("max").asDouble(), s.max(), side + " max");
            near(e.get("mean").asDouble(), s.mean(), side + " mean");
            near(e.get("positiveFraction").asDouble(), s.positiveFraction(), side + " positive");
            assertEquals(e.get("frames").asInt(), s.frames());
            for (int c = 0; c < 80; c++) {
                near(e.get("channelMeans").get(c).asDouble(), s.channelMeans().get(c), side + " channel " + c);
            }
        }
    }

    @Test
    void comparisonFiguresMatchNumpy() {
        near(expected.get("logMelCosine").asDouble(), check.logMelCosine(), "cosine");
        near(expected.get("melRelL2").asDouble(), check.melRelL2(), "rel L2");
        assertEquals(8, check.bandRelL2().size());
        for (int b = 0; b < 8; b++) {
            near(expected.get("bandRelL2").get(b).asDouble(), check.bandRelL2().get(b), "band " + b);
        }
        assertEquals(expected.get("melLagFrames").asInt(), check.melLagFrames());
        assertEquals(2, check.melLagFrames());
        near(expected.get("rmsRatioDb").asDouble(), check.rmsRatioDb(), "rms dB");
    }

    @Test
    void wavStatisticsAndHighFrequencyShareMatchNumpy() {
        for (String side : List.of("refWav", "candWav")) {
            WavStats s = side.equals("refWav") ? check.refWav() : check.candWav();
            JsonNode e = expected.get(side);
            assertEquals(e.get("samples").asLong(), s.samples());
            near(e.get("rms").asDouble(), s.rms(), side + " rms");
            near(e.get("peak").asDouble(), s.peak(), side + " peak");
            near(e.get("highFreqShare").asDouble(), s.highFreqShare(), side + " hf share");
        }
        assertEquals(0.32, check.refWav().seconds(), 1e-12);
    }
}
