package dev.parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.tensor.Tensor;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token-level parity on the bundled T3 dump: itself, its float64 twin, and candidates with a flipped token. */
class TokenParityTest {
    static final Path T3 = SharedData.dump("t3-small-seed1");
    static final Path T3_F64 = SharedData.dump("t3-small-seed1-f64");

    @TempDir
    Path tmp;

    static TokenParity parity(Path ref, Path cand) {
        Trace r = TraceReader.read(ref);
        Trace c = TraceReader.read(cand);
        return TokenParity.of(r, c, TraceComparator.compare(r, c, CompareOptions.defaults()));
    }

    @Test
    void dumpAgainstItselfHasNoTokenDivergence() {
        TokenParity t = parity(T3, T3);
        assertEquals(26, t.steps().size());
        assertEquals(26, t.refSteps());
        assertEquals(26, t.candSteps());
        assertNull(t.firstFlip());
        assertEquals(0, t.flips());
        assertEquals(0, t.pickFlips(), "argmax(p/q) reproduces every recorded token");
        assertEquals(6562, t.steps().get(25).refToken(), "the run ends on the stop token");
        for (TokenStep s : t.steps()) {
            assertEquals(0, s.kl());
            assertEquals(0, s.logitsRelL2());
            assertTrue(s.margin() > 0, "the recorded token is the strict argmax of p/q at step " + s.step());
            assertEquals(s.refTop(), s.candTop());
        }
    }

    @Test
    void float64TwinHasEqualTokensAndLogitsAtTheNoiseFloor() {
        TokenParity t = parity(T3, T3_F64);
        assertNull(t.firstFlip());
        double worst = 0;
        for (TokenStep s : t.steps()) {
            worst = Math.max(worst, s.logitsRelL2());
        }
        assertTrue(worst > 1e-8 && worst < 1e-5, "logits at the float32 noise floor: " + worst);
        assertTrue(t.steps().stream().allMatch(s -> s.kl() < 1e-6), "KL at the noise floor");
        assertEquals(0, t.pickFlips());
        CallMatrix m = t.matrix();
        assertEquals(java.util.List.of("tfmr (in)", "rotary_emb", "layers.0", "layers.1", "norm", "tfmr (out)",
                "speech_head", "logits", "repetition_penalty_processor", "min_p_warper", "top_p_warper", "probs"),
                m.columns());
        assertEquals(26, m.steps().size());
        assertTrue(m.cell(2, "layers.1") > 0 && m.cell(2, "layers.1") < 1e-5, "layers recorded for calls 0-2");
        assertTrue(Double.isNaN(m.cell(3, "layers.1")), "not recorded after call 2");
        assertTrue(m.cell(25, "speech_head") < 1e-5);
    }

    static final int K = 6;

    /** The reference's runner-up under argmax(p/q) at step k, computed here from the dump's p and q. */
    static int runnerUp(Trace ref, int k) {
        double[] p = ref.tensor(ref.get(SamplerLayout.T3.probabilities(k))).toDoubleArray();
        double[] q = ref.tensor(ref.get(SamplerLayout.T3.noise(k))).toDoubleArray();
        long a = ref.tensor(ref.get(SamplerLayout.T3.token(k))).getLong(0);
        int best = -1;
        for (int i = 0; i < p.length; i++) {
            if (i != a && p[i] > 0 && (best < 0 || p[i] / q[i] > p[best] / q[best])) {
                best = i;
            }
        }
        return best;
    }

    /** A copy of the dump with step K's sampled token replaced and every later float entry off by about 1 %. */
    Path flipped(int token) throws IOException {
        Trace ref = TraceReader.read(T3);
        int from = ref.get(SamplerLayout.T3.token(K)).index();
        return TraceCopies.copy(T3, tmp.resolve("flipped"), (i, e, t) -> {
            String name = e.get("name").asText();
            boolean tok = (name.equals("rng.multinomial") || name.equals("torch.multinomial()"))
                    && e.get("call").asInt() == K && t.numel() == 1;
            if (tok) {
                return Tensor.ofFloats(t.shape(), token);
            }
            boolean later = i > from && !e.get("kind").asText().equals("rng")
                    && e.get("dtype").asText().startsWith("float");
            return later ? scaled(t, 1e-2) : t;
        });
    }

    /** x·(1 + eps·sin i): keeps zeros and infinities (probabilities stay a distribution's support). */
    static Tensor scaled(Tensor t, double eps) {
        double[] v = t.toDoubleArray();
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) (v[i] * (1 + eps * Math.sin(i + 1)));
        }
        return Tensor.ofFloats(t.shape(), f);
    }

    @Test
    void forcedTokenIsTheFirstTokenDivergenceWithItsMargin() throws IOException {
        Trace ref = TraceReader.read(T3);
        int b = runnerUp(ref, K);
        TokenParity t = parity(T3, flipped(b));
        TokenFlip f = t.firstFlip();
        assertNotNull(f);
        assertEquals(K, f.step());
        assertEquals(4572, f.refToken(), "config.json stats: step 6 sampled 4572");
        assertEquals(b, f.candToken());
        TokenStep s = t.steps().get(K);
        assertEquals(s.margin(), f.margin(), 1e-12, "the forced token is the reference's runner-up");
        assertTrue(f.margin() > 0.05 && f.margin() < 0.2, "step 6 is the closest call of the run: " + f.margin());
        assertEquals(FlipCause.SAMPLER_DIFFERS, f.cause(), "probabilities and noise of step K are untouched");
        assertEquals(0, f.shift(), 1e-12);
        assertEquals(4572, s.candPick(), "the candidate's own probabilities still give the reference's token");
        assertEquals(26 - K - 1, f.later());
        assertEquals(f.later(), f.laterEqual(), "later tokens were left as they were");
        assertEquals(1, t.flips());
        assertNull(t.firstPickFlip(), "the candidate's own probabilities agree with the reference everywhere");
        assertEquals(0, s.kl());
        assertTrue(t.steps().get(K + 1).kl() > 1e-6, "later probabilities are perturbed");
        assertTrue(t.matrix().cell(K + 1, "speech_head") > 1e-3);
        assertTrue(t.matrix().cell(K, "probs") == 0);
    }

    @Test
    void compareAndDiagnoseNameTheFirstTokenDivergenceAndWriteItToTheirReports() throws IOException {
        Path cand = flipped(runnerUp(TraceReader.read(T3), K));
        Path md = tmp.resolve("compare.md");
        Path json = tmp.resolve("compare.json");
        Path html = tmp.resolve("compare.html");
        String out = CompareScenariosTest.runCapturing("compare", T3.toString(), cand.toString(), "--report",
                md.toString(), "--report", json.toString(), "--report", html.toString());
        assertTrue(out.contains("First token divergence at step 6: reference token 4572, candidate token "), out);
        assertTrue(out.contains("a real divergence: logits and noise agree"), out);
        assertTrue(Files.readString(md).contains("## Sampled tokens"));
        assertTrue(Files.readString(md).contains("| 6 | 4572 | "));
        assertTrue(Files.readString(html).contains("First token divergence at step 6"));
        var tokens = new ObjectMapper().readTree(json.toFile()).get("tokens");
        assertEquals(6, tokens.get("first_flip").get("step").asInt());
        assertEquals("sampler_differs", tokens.get("first_flip").get("cause").asText());
        assertEquals(26, tokens.get("steps").size());
        Path dmd = tmp.resolve("diagnosis.md");
        Path djson = tmp.resolve("diagnosis.json");
        String d = CompareScenariosTest.runCapturing("diagnose", T3.toString(), "--candidate", cand.toString(),
                "--report", dmd.toString(), "--report", djson.toString());
        assertTrue(d.lines().findFirst().orElse("").startsWith("The problem starts at a sampled token ("
                + "rng.multinomial call 6 rng "
                + "sampled_token): First token divergence at step 6: reference token 4572"), d);
        assertTrue(Files.readString(dmd).contains("## Sampled tokens"));
        assertTrue(Files.readString(dmd).contains("| step | tfmr (in) | rotary_emb | layers.0 | layers.1 |"));
        assertEquals(6, new ObjectMapper().readTree(djson.toFile()).get("tokens").get("firstFlip").get("step")
                .asInt());
    }

    @Test
    void aCandidateThatStoppedEarlierIsNamedAsSuch() throws IOException {
        Path cand = TraceCopies.copyTree(T3, tmp.resolve("short"));
        Path manifest = cand.resolve("manifest.json");
        var doc = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(manifest.toFile());
        var entries = (com.fasterxml.jackson.databind.node.ArrayNode) doc.get("entries");
        for (int i = entries.size() - 1; i >= 0; i--) {
            String name = entries.get(i).get("name").asText();
            if ((name.equals("rng.multinomial") || name.equals("torch.multinomial()"))
                    && entries.get(i).get("call").asInt() >= 20) {
                entries.remove(i);
            }
        }
        new ObjectMapper().writeValue(manifest.toFile(), doc);
        TokenParity t = parity(T3, cand);
        assertEquals(26, t.refSteps());
        assertEquals(20, t.candSteps());
        TokenFlip f = t.firstFlip();
        assertEquals(20, f.step());
        assertEquals(-1, f.candToken());
        assertEquals(FlipCause.STEP_MISSING, f.cause());
        assertTrue(dev.parity.report.TokenReport.headline(t).contains("the candidate has no step 20: its run ended "
                + "earlier"), dev.parity.report.TokenReport.headline(t));
    }

    @Test
    void compareOfTheTwinsPrintsEqualTokens() {
        String out = CompareScenariosTest.runCapturing("compare", T3.toString(), T3_F64.toString());
        assertTrue(out.contains("Tokens: all 26 sampled tokens equal (26 candidate steps); worst logits rel L2 5.989e-07 "
                + "(step 21); closest call: margin 0.1084 nats (step 6)."), out);
    }

    @Test
    void flipWithUpstreamLogitErrorIsARealDivergence() throws IOException {
        Trace ref = TraceReader.read(T3);
        int b = runnerUp(ref, K);
        int from = ref.get(SamplerLayout.T3.logits(K)).index();
        Path cand = TraceCopies.copy(T3, tmp.resolve("upstream"), (i, e, t) -> {
            String name = e.get("name").asText();
            if ((name.equals("rng.multinomial") || name.equals("torch.multinomial()")) && e.get("call").asInt() == K
                    && t.numel() == 1) {
                return Tensor.ofFloats(t.shape(), b);
            }
            return i >= from && !e.get("kind").asText().equals("rng") && e.get("dtype").asText().startsWith("float")
                    ? scaled(t, 1e-2) : t;
        });
        TokenFlip f = parity(T3, cand).firstFlip();
        assertEquals(K, f.step());
        assertEquals(FlipCause.PROBABILITIES_DIFFER, f.cause());
        assertTrue(Double.isFinite(f.shift()) && f.shift() != 0);
    }

    /** The dump with step K's noise for the runner-up b lowered until b's score is 2e-4 nats below the token's. */
    Path nearTieReference(int b) throws IOException {
        Trace dump = TraceReader.read(T3);
        double margin = TokenParity.of(dump, dump, TraceComparator.compare(dump, dump, CompareOptions.defaults()))
                .steps().get(K).margin();
        return TraceCopies.copy(T3, tmp.resolve("tie-ref"), (i, e, t) -> e.get("name").asText()
                .equals("rng.multinomial") && e.get("call").asInt() == K && e.get("arg").asText()
                .equals(SamplerLayout.NOISE_ARG) ? times(t, b, Math.exp(-(margin - 2e-4))) : t);
    }

    /** A copy of {@code ref} with b's probability at step K raised by 1e-3, and (with {@code sample}) b sampled. */
    Path nudged(Path ref, int b, boolean sample, String dir) throws IOException {
        return TraceCopies.copy(ref, tmp.resolve(dir), (i, e, t) -> {
            String name = e.get("name").asText();
            boolean step = e.get("call").asInt() == K;
            if (sample && step && (name.equals("rng.multinomial") || name.equals("torch.multinomial()"))
                    && t.numel() == 1) {
                return Tensor.ofFloats(t.shape(), b);
            }
            return step && name.equals("torch.multinomial()") && e.get("kind").asText().equals("in")
                    ? times(t, b, 1 + 1e-3) : t;
        });
    }

    @Test
    void flipOfANearTieIsReportedAsOne() throws IOException {
        int b = runnerUp(TraceReader.read(T3), K);
        Path ref = nearTieReference(b);
        TokenParity t = parity(ref, nudged(ref, b, true, "tie-cand"));
        TokenFlip f = t.firstFlip();
        assertEquals(K, f.step());
        assertEquals(2e-4, f.margin(), 1e-6);
        assertEquals(FlipCause.NEAR_TIE, f.cause());
        assertTrue(f.shift() > f.margin(), "the candidate's own probabilities explain the flip: " + f.shift());
        assertEquals(b, t.steps().get(K).candPick());
        assertEquals(f.step(), t.firstPickFlip().step());
    }

    @Test
    void teacherForcedCandidateShowsWhereItsOwnPickWouldHaveFlipped() throws IOException {
        int b = runnerUp(TraceReader.read(T3), K);
        Path ref = nearTieReference(b);
        TokenParity t = parity(ref, nudged(ref, b, false, "forced-cand"));
        assertNull(t.firstFlip(), "the recorded tokens are the reference's (forced)");
        TokenFlip p = t.firstPickFlip();
        assertEquals(K, p.step());
        assertEquals(b, p.candToken());
        assertEquals(FlipCause.NEAR_TIE, p.cause());
        assertEquals(p.later(), p.laterEqual(), "every later pick matches the reference again");
        assertEquals(1, t.pickFlips());
        assertTrue(dev.parity.report.TokenReport.headline(t).contains("but the candidate's own argmax(p/q) first "
                + "differs at step 6 (" + b + " instead of 4572, margin 2.000e-04 nats"), dev.parity.report
                .TokenReport.headline(t));
    }

    private static Tensor times(Tensor t, int index, double factor) {
        float[] f = t.toFloatArray();
        f[index] = (float) (f[index] * factor);
        return Tensor.ofFloats(t.shape(), f);
    }
}
