package dev.parity.port.t3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.RunContext;
import dev.parity.port.run.ReferenceDump;
import dev.parity.port.run.ReferenceRun;
import dev.parity.port.run.T3Pipeline;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampling modes on {@code t3-small-seed1}: teacher forcing, a forced flip at one step, seeded fresh noise,
 * an untraced run, and generate's post-processing.
 */
class T3SamplingTest {
    static final Path DUMP = SharedData.dump("t3-small-seed1");
    static final int FLIP_STEP = 5;
    static Trace ref;
    static long[] refTokens;

    @TempDir
    Path tmp;

    @BeforeAll
    static void read() {
        ref = TraceReader.read(DUMP);
        refTokens = tokens(ref, "final.speech_tokens_raw");
    }

    static long[] tokens(Trace t, String name) {
        return t.tensor(t.get(new EntryId(name, 0, EntryKind.FINAL, null))).toLongArray();
    }

    static long sampled(Trace t, int step) {
        return t.tensor(t.get(new EntryId(TokenDraws.NAME, step, EntryKind.RNG, TokenDraws.TOKEN))).getLong(0);
    }

    static double relL2(Trace a, Trace b, EntryId id) {
        double[] x = a.tensor(a.get(id)).toDoubleArray();
        double[] y = b.tensor(b.get(id)).toDoubleArray();
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - y[i]) * (x[i] - y[i]);
            den += y[i] * y[i];
        }
        return Math.sqrt(num / den);
    }

    private Trace run(ReferenceRun.Sampling mode, int flipStep, long flipToken, long seed) {
        Path out = tmp.resolve(mode + "-" + flipStep + "-" + seed);
        ReferenceRun.runT3(DUMP, out, new ReferenceRun.T3Options(mode, flipStep, flipToken, true, seed),
                FaultPlan.NONE);
        return TraceReader.read(out);
    }

    @Test
    void teacherForcingReproducesTheReferenceTokens() {
        assertArrayEquals(refTokens, tokens(run(ReferenceRun.Sampling.TEACHER_FORCED, -1, -1, 0),
                "final.speech_tokens_raw"));
    }

    @Test
    void aFlippedTokenIsSampledAtItsStepAndTheStepsBeforeAreUntouched() {
        long other = refTokens[FLIP_STEP] + 1;
        Trace c = run(ReferenceRun.Sampling.RECORDED, FLIP_STEP, other, 0);
        for (int k = 0; k < FLIP_STEP; k++) {
            assertEquals(refTokens[k], sampled(c, k), "step " + k);
        }
        assertEquals(other, sampled(c, FLIP_STEP));
        EntryId logits = new EntryId("t3.inference.repetition_penalty_processor()", FLIP_STEP, EntryKind.IN, "scores");
        assertTrue(relL2(c, ref, logits) < 1e-5, "the flip happens after step " + FLIP_STEP + "'s logits");
        EntryId next = new EntryId("t3.inference.repetition_penalty_processor()", FLIP_STEP + 1, EntryKind.IN,
                "scores");
        assertTrue(relL2(c, ref, next) > 1e-3, "the step after the flip sees the flipped token");
    }

    @Test
    void aRunThatOutlivesTheReferencesDrawsEndsWhereTheyEnd() {
        Trace c = run(ReferenceRun.Sampling.RECORDED, refTokens.length - 1, 100, 0); // no stop token at the end
        long[] got = tokens(c, "final.speech_tokens_raw");
        assertEquals(refTokens.length, got.length);
        assertEquals(100, got[got.length - 1]);
    }

    @Test
    void teacherForcingAfterAFlipMatchesEveryOtherStepsToken() {
        long other = refTokens[FLIP_STEP] + 1;
        Trace c = run(ReferenceRun.Sampling.TEACHER_FORCED, FLIP_STEP, other, 0);
        long[] got = tokens(c, "final.speech_tokens_raw");
        assertEquals(refTokens.length, got.length);
        for (int k = 0; k < refTokens.length; k++) {
            assertEquals(k == FLIP_STEP ? other : refTokens[k], got[k], "step " + k);
        }
    }

    @Test
    void seededSamplingIsRepeatableAndDependsOnTheSeed() {
        ReferenceDump dump = ReferenceDump.open(DUMP);
        GenerationSettings s = dump.generation().withMaxNewTokens(12);
        try (T3Pipeline p = T3Pipeline.load(dump.t3Config(), dump.weights())) {
            long[] a = p.run(dump.t3Inputs(), s, TokenDraws.seeded(7), RunContext.OFF)
                    .speech_tokens_raw();
            long[] b = p.run(dump.t3Inputs(), s, TokenDraws.seeded(7), RunContext.OFF)
                    .speech_tokens_raw();
            long[] c = p.run(dump.t3Inputs(), s, TokenDraws.seeded(8), RunContext.OFF)
                    .speech_tokens_raw();
            assertArrayEquals(a, b);
            assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
            assertTrue(a.length >= 1 && a.length <= 12);
            long[] untraced = p.run(dump.t3Inputs(), dump.generation(), TokenDraws.recorded(ref), RunContext.OFF).speech_tokens_raw();
            assertArrayEquals(refTokens, untraced, "an untraced run samples the reference's tokens too");
        }
    }

    @Test
    void postProcessingCutsAtTheStartAndStopTokensAndDropsIdsAboveTheS3Vocabulary() {
        T3Config.Hp hp = T3Config.englishOnly().hp();
        assertArrayEquals(tokens(ref, "final.speech_tokens"), T3.dropInvalidTokens(refTokens, hp));
        assertArrayEquals(new long[] {5, 7}, T3.dropInvalidTokens(new long[] {3, 6561, 5, 7000, 7, 6562, 9}, hp));
        assertArrayEquals(new long[] {}, T3.dropInvalidTokens(new long[] {6562}, hp));
        assertThrows(IllegalArgumentException.class, () -> T3.dropInvalidTokens(new long[] {6561, 1, 6561}, hp));
    }
}
