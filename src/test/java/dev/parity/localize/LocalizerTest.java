package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.compare.CompareOptions;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trace-only diagnosis on candidates synthesised from the shared dump. */
class LocalizerTest {
    private static final Path REF = SharedData.smallDump();
    private static final Localizer PLAIN = new Localizer(CompareOptions.defaults(), NoiseFloor.none());

    @TempDir
    Path tmp;

    @Test
    void dumpAgainstItselfHasNoCulprit() {
        Trace ref = TraceReader.read(REF);
        Diagnosis d = PLAIN.diagnose(ref, ref);
        assertNull(d.culprit());
        assertTrue(d.verdicts().isEmpty());
        assertTrue(d.refGuidance().consistent());
        assertTrue(d.candGuidance().consistent());
    }

    @Test
    void moduleOutputPerturbedIsTheOriginAndEverythingLaterInherits() throws IOException {
        Trace ref = TraceReader.read(REF);
        TraceEntry target = Candidates.entry(ref, "flow.encoder.encoders.0.self_attn", 0, EntryKind.OUT);
        Trace cand = TraceReader.read(Candidates.perturbedFrom(REF, tmp.resolve("c"), target.index()));
        Diagnosis d = PLAIN.diagnose(ref, cand);
        Culprit c = d.culprit();
        assertNotNull(c);
        assertEquals("flow.encoder.encoders.0.self_attn", c.module());
        assertEquals(0, c.call());
        assertEquals(CulpritKind.MODULE_OUTPUT, c.kind());
        assertEquals("flow.encoder", c.stage());
        assertEquals(1, d.origins().size(), () -> d.origins().toString());
        assertEquals("flow.encoder.encoders.0.self_attn", d.origins().get(0).call().name());
        assertTrue(d.count(Verdict.INHERITED) > 100);
        assertTrue(c.laterDivergent() > 400, "later: " + c.laterDivergent());
    }

    @Test
    void errorBetweenRecordedChildrenIsAttributedToTheEnclosingModule() throws IOException {
        Trace ref = TraceReader.read(REF);
        String attn = "flow.decoder.estimator.down_blocks.0.1.0.attn1";
        TraceEntry childIn = Candidates.entry(ref, attn + ".to_out.0", 0, EntryKind.IN);
        Trace cand = TraceReader.read(Candidates.perturbedFrom(REF, tmp.resolve("c"), childIn.index()));
        Diagnosis d = PLAIN.diagnose(ref, cand);
        assertEquals(attn, d.culprit().module());
        assertEquals(CulpritKind.INSIDE_MODULE, d.culprit().kind());
        assertEquals(childIn.id(), d.culprit().first().reference().id());
        assertEquals(attn, d.origins().get(0).call().name());
    }

    @Test
    void stepMatrixShowsTheStepAndPartWhereTheErrorEntersTheOde() throws IOException {
        Trace ref = TraceReader.read(REF);
        TraceEntry target = Candidates.entry(ref, "flow.decoder.estimator.mid_blocks.1.0", 1, EntryKind.OUT);
        Trace cand = TraceReader.read(Candidates.perturbedFrom(REF, tmp.resolve("c"), target.index()));
        Diagnosis d = PLAIN.diagnose(ref, cand);
        StepMatrix m = d.steps();
        assertEquals(java.util.List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), m.steps());
        for (String col : m.columns()) {
            double v = m.cell(0, col);
            assertTrue(Double.isNaN(v) || v < 1e-6, "step 0 " + col + " = " + v);
        }
        assertTrue(m.cell(1, "mid_blocks.0") < 1e-6);
        assertTrue(m.cell(1, "mid_blocks.1") > 1e-3);
        assertTrue(m.cell(1, StepMatrix.OUT) > 1e-3);
        assertTrue(Double.isNaN(m.cell(2, "mid_blocks.1")), "only 2 calls of submodules are recorded");
        assertEquals("flow.decoder.estimator.mid_blocks.1.0", d.culprit().module());
        assertEquals(1, d.culprit().call());
    }
}
