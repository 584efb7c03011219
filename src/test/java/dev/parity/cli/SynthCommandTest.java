package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.Wav;
import dev.parity.port.run.FullSizeT3Checkpoint;
import dev.parity.port.run.SynthCheckpoints;
import dev.parity.port.run.SynthPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parity synth} at full size: random values for every key of the t3, s3gen and conditioning listings in the
 * released file names (3.2 GB, written once for the class), the dump's 6.75 s recording as the voice, T3 limited to
 * {@value #TOKENS} steps (the full chain, shorter); bad input exits 3 in one line, an output equal to an input exits 2.
 */
class SynthCommandTest {
    static final Path VOICE = SharedData.dump("cond-small-seed1").resolve("inputs/reference.wav");
    static final int TOKENS = 8;
    /** HiFT samples per mel frame at 24 kHz (2 frames per speech token, 25 tokens a second). */
    static final int HOP = 480;
    /**
     * The voice's conditionals in {@code cond-small-seed1}: {@code prompt_feat} has 337 frames and {@code prompt_token}
     * 168 tokens, and the flow keeps {@code T - mel_len1} = 2·(168 + N) − 337 = 2N − 1 frames of N speech tokens.
     */
    static final int PROMPT_FRAMES_OVER_TOKENS = 337 - 2 * 168;

    @TempDir
    static Path tmp;
    static Path ckpts;

    @BeforeAll
    static void writeCheckpoints() throws Exception {
        ckpts = tmp.resolve("ckpts");
        int n = SynthCheckpoints.write(ckpts, k -> true, 7);
        assertEquals(2490 + 16 + 292, n, "every key of the three listings");
    }

    private static CliRun synth(Path checkpoints, String text, Path voice, Path out) {
        return CliRun.of("synth", "--text", text, "--voice", voice.toString(), "--checkpoints", checkpoints.toString(),
                "--out", out.toString(), "--seed", "1", "--max-tokens", Integer.toString(TOKENS));
    }

    @Test
    void wholeChainWritesA24kHzWaveOfTheTokensLength() {
        Path out = tmp.resolve("out.wav");
        CliRun r = synth(ckpts, "Hello there, this is a test.", VOICE, out);
        assertEquals(ExitCodes.OK, r.code(), r.err());
        for (String stage : SynthPipeline.STAGES) {
            assertTrue(r.err().contains("synth: " + stage + ": done in"), r.err());
        }
        Wav.Audio a = Wav.read(out);
        assertEquals(24000, a.sampleRate());
        assertEquals(1, a.channels());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("from (\\d+) speech tokens").matcher(r.out());
        assertTrue(m.find(), r.out());
        int tokens = Integer.parseInt(m.group(1));
        assertTrue(tokens >= 1 && tokens <= TOKENS, r.out());
        assertEquals((2 * tokens - PROMPT_FRAMES_OVER_TOKENS) * HOP, a.samples().length);
        double energy = 0;
        for (float v : a.samples()) {
            assertTrue(Float.isFinite(v));
            energy += v * v;
        }
        assertTrue(energy > 0, "silence");
    }

    @Test
    void badInputIsOneLineAndExit3() throws Exception {
        Path out = tmp.resolve("bad.wav");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path notWav = Files.writeString(tmp.resolve("not.wav"), "this is not audio");
        Path fewKeys = Files.createDirectories(tmp.resolve("few-keys"));
        for (String f : new String[] {SynthPipeline.VE, SynthPipeline.S3GEN, SynthPipeline.TOKENIZER}) {
            Files.createSymbolicLink(fewKeys.resolve(f), ckpts.resolve(f));
        }
        FullSizeT3Checkpoint.write(fewKeys.resolve(SynthPipeline.T3), FullSizeT3Checkpoint.rows(),
                k -> !k.startsWith("tfmr.layers.") && !k.startsWith("speech_head"), 1);
        Object[][] cases = {
            {empty, "Hi.", VOICE, "ve.safetensors: no such file"},
            {ckpts, "Hi.", notWav, "not.wav"},
            {ckpts, "   ", VOICE, "--text is empty"},
            {ckpts, "word ".repeat(1100), VOICE, "T3 takes at most 2048"},
            {fewKeys, "Hi.", VOICE, "missing"},
        };
        for (Object[] c : cases) {
            CliRun r = synth((Path) c[0], (String) c[1], (Path) c[2], out);
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
            String last = r.err().lines().reduce((x, y) -> y).orElse("");
            assertTrue(last.startsWith("parity synth: ") && last.contains((String) c[3]), r.err());
            assertTrue(r.err().lines().noneMatch(l -> l.startsWith("\tat ")), r.err());
            assertTrue(!Files.exists(out), "nothing written for " + c[3]);
        }
    }

    @Test
    void outputEqualToAnInputIsAUsageError() throws Exception {
        Path voiceCopy = Files.copy(VOICE, tmp.resolve("voice.wav"));
        byte[] before = Files.readAllBytes(voiceCopy);
        CliRun r = synth(ckpts, "Hi.", voiceCopy, voiceCopy);
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("refusing to overwrite an input"), r.err());
        assertArrayEquals(before, Files.readAllBytes(voiceCopy));
        r = synth(ckpts, "Hi.", VOICE, ckpts.resolve(SynthPipeline.T3));
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        r = CliRun.of("synth", "--text", "Hi.", "--voice", VOICE.toString(), "--checkpoints", ckpts.toString(), "--out",
                tmp.resolve("x.wav").toString(), "--max-tokens", "5000");
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--max-tokens must be between 1 and 4096"), r.err());
    }
}
