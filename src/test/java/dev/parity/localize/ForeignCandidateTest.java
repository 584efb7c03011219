package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.compare.CompareOptions;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A candidate written by another port: float64 values (the twin dump stands in for it), only the outputs of most
 * modules (inputs recorded for the estimator only), no replay possible. The diagnosis comes from the trace alone.
 */
class ForeignCandidateTest {
    private static final String EST = "flow.decoder.estimator";
    private static Trace ref;
    private static NoiseFloor floor;

    @TempDir
    Path tmp;

    @BeforeAll
    static void read() {
        ref = TraceReader.read(SharedData.smallDump());
        floor = NoiseFloor.measure(ref, TraceReader.read(SharedData.smallDumpF64()));
    }

    private Trace foreign(int perturbFrom) throws IOException {
        Path dir = TraceCopies.copy(SharedData.smallDumpF64(), tmp.resolve("foreign"), (i, e, t) ->
                i >= perturbFrom && Candidates.perturbable(e) ? Candidates.shifted(t, 1e-3) : t);
        Candidates.keepOnly(dir, i -> ref.entries().get(i).kind() != EntryKind.IN
                || ref.entries().get(i).name().startsWith(EST));
        return TraceReader.read(dir);
    }

    @Test
    void unperturbedForeignTraceHasNoDivergenceAboveTheFloor() throws IOException {
        Trace cand = foreign(Integer.MAX_VALUE);
        Diagnosis d = new Localizer(CompareOptions.defaults(), floor).diagnose(ref, cand);
        assertNull(d.culprit());
        assertTrue(d.comparison().missing() > 300, "inputs outside the estimator are not recorded");
    }

    @Test
    void outputOnlyModuleIsNamedWithItsInputsMarkedUnrecorded() throws IOException {
        TraceEntry target = Candidates.entry(ref, "flow.encoder.encoders.1.feed_forward", 0, EntryKind.OUT);
        Diagnosis d = new Localizer(CompareOptions.defaults(), floor).diagnose(ref, foreign(target.index()));
        assertEquals(target.id(), d.comparison().firstDivergence().reference().id());
        assertEquals("flow.encoder.encoders.1.feed_forward", d.culprit().module());
        assertFalse(d.culprit().inputsCompared());
        assertTrue(d.culprit().floorRatio() > 100, "ratio " + d.culprit().floorRatio());
    }

    @Test
    void errorInsideAttentionIsStillAttributedToAttn1() throws IOException {
        String attn = EST + ".mid_blocks.0.1.0.attn1";
        TraceEntry childIn = Candidates.entry(ref, attn + ".to_out.0", 0, EntryKind.IN);
        Diagnosis d = new Localizer(CompareOptions.defaults(), floor).diagnose(ref, foreign(childIn.index()));
        assertEquals(attn, d.culprit().module());
        assertEquals(CulpritKind.INSIDE_MODULE, d.culprit().kind());
        assertTrue(d.culprit().inputsCompared());
        assertEquals(attn, d.origins().get(0).call().name());
        assertTrue(d.origins().get(0).floorRatio() > 100);
    }
}
