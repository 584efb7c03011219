package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.TraceReader;
import dev.parity.port.cond.CondDump;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parity run} and {@code parity diagnose} on a conditioning dump. */
class ConditioningRunCommandTest {
    @TempDir
    Path tmp;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CliRun r = CliRun.of(args); // Main.run: the real error handlers and exit codes
        out.write(r.out());
        err.write(r.err());
        return r.code();
    }

    @Test
    void runWritesTheConditionals() throws Exception {
        Path ref = CondDump.original();
        Path cand = tmp.resolve("cand");
        assertEquals(0, run("run", ref.toString(), "--out", cand.toString()), err.toString());
        assertTrue(TraceReader.read(cand).get(new EntryId("final.prompt_token", 0, EntryKind.FINAL, null)) != null);
        assertEquals(0, run("run", ref.toString(), "--out", tmp.resolve("fed").toString(), "--feed", "waves"),
                err.toString());
        assertEquals(2, run("run", ref.toString(), "--out", tmp.resolve("x").toString(), "--feed", "mu"));
    }

    @Test
    void s3genStageOptionsAreUsageErrors() throws Exception {
        Path ref = CondDump.original();
        assertEquals(2, run("run", ref.toString(), "--out", tmp.resolve("c").toString(), "--stage", "vocoder"));
        assertTrue(err.toString().contains("conditioning dump"), err.toString());
        assertTrue(!Files.exists(tmp.resolve("c")));
    }

    @Test
    void diagnoseNamesTheFbankWithoutPreemphasis() throws Exception {
        Path ref = CondDump.original();
        assertEquals(1, run("diagnose", ref.toString(), "--inject-fault", "fbank-preemphasis-missing"), err.toString());
        assertTrue(out.toString().startsWith("The problem starts in kaldi.fbank() (call 0"), out.toString());
    }

    @Test
    void replayOfTheVoiceEncoderPassesAndCatchesTheGateOrder() throws Exception {
        Path ref = CondDump.original();
        assertEquals(0, run("replay", ref.toString(), "--modules", "ve**"), err.toString() + out);
        assertTrue(out.toString().contains("0 failed"), out.toString());
        assertEquals(1, run("replay", ref.toString(), "--modules", "ve**", "--inject-fault", "lstm-gates-tf-order"));
        assertTrue(out.toString().contains("Local errors (innermost failing modules): ve.lstm"), out.toString());
    }

    @Test
    void aRecordingAtARateTheResamplerCannotPlanExitsWith3() throws Exception {
        Path dump = dev.parity.TraceCopies.copyTree(CondDump.original(), tmp.resolve("dump"));
        Path wav = dump.resolve("inputs/reference.wav");
        float[] x = dev.parity.io.Wav.read(wav).samples();
        Files.delete(wav);
        dev.parity.io.Wav.write(wav, x, 96000, dev.parity.io.Wav.Encoding.PCM16);
        assertEquals(3, run("run", dump.toString(), "--out", tmp.resolve("c").toString()));
        assertTrue(err.toString().startsWith("parity run: " + wav + ": soxr HQ 96000 -> 24000 Hz"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }
}
