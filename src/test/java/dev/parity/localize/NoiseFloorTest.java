package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.compare.CompareOptions;
import dev.parity.compare.Comparison;
import dev.parity.compare.Statistic;
import dev.parity.compare.Tolerance;
import dev.parity.compare.TraceComparator;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The float64 twin as noise floor: spreads as its README states, derived tolerances, floor-aware verdicts. */
class NoiseFloorTest {
    /** Entries of the bundled {@code s3gen-small-seed1} (and its float64 twin), read from its manifest. */
    private static final int ENTRIES = SharedData.smallDumpEntries();
    private static Trace f32;
    private static Trace f64;
    private static NoiseFloor floor;

    @TempDir
    Path tmp;

    @BeforeAll
    static void read() {
        f32 = TraceReader.read(SharedData.smallDump());
        f64 = TraceReader.read(SharedData.smallDumpF64());
        floor = NoiseFloor.measure(f32, f64);
    }

    @Test
    void spreadsMatchTheTwinsReadme() {
        assertEquals(ENTRIES, floor.spreads().size());
        // README table: flow.encoder out 4.3e-07, estimator step 7 out 6.8e-06, final.mel 7.7e-07
        assertEquals(4.3e-7, spread("flow.encoder", 0, EntryKind.OUT), 0.05e-7);
        assertEquals(6.8e-6, spread("flow.decoder.estimator", 7, EntryKind.OUT), 0.05e-6);
        assertEquals(7.7e-7, spread("final.mel", 0, EntryKind.FINAL), 0.05e-7);
        assertEquals(8.3e-7, spread("mel2wav.f0_predictor", 0, EntryKind.OUT), 0.05e-7);
    }

    private static double spread(String name, int call, EntryKind kind) {
        return floor.at(new dev.parity.io.EntryId(name, call, kind, null)).relL2();
    }

    @Test
    void derivedToleranceIsTenTimesTheSpreadWithAFloor() {
        Tolerance t = NoiseFloor.toleranceFor(new Spread(3e-6, 1e-5, 2e-7));
        assertEquals(Statistic.REL_L2, t.statistic());
        assertEquals(3e-5, t.rtol(), 1e-18);
        assertEquals(2e-6, t.atol(), 1e-18);
        Tolerance z = NoiseFloor.toleranceFor(Spread.ZERO);
        assertEquals(NoiseFloor.MIN_RTOL, z.rtol());
        assertEquals(NoiseFloor.MIN_ATOL, z.atol());
    }

    @Test
    void policyGivesEachEntryItsOwnFloorBelowExplicitPerLayerRules() {
        TraceEntry step0 = Candidates.entry(f32, "flow.decoder.estimator", 0, EntryKind.OUT);
        TraceEntry step7 = Candidates.entry(f32, "flow.decoder.estimator", 7, EntryKind.OUT);
        dev.parity.compare.TolerancePolicy p = floor.policy(dev.parity.compare.TolerancePolicy.of(Tolerance.DEFAULT));
        assertEquals(NoiseFloor.toleranceFor(floor.at(step0.id())), p.forEntry(step0));
        assertEquals(NoiseFloor.toleranceFor(floor.at(step7.id())), p.forEntry(step7));
        assertTrue(p.forEntry(step7).rtol() > 5 * p.forEntry(step0).rtol(), "step 7 is noisier than step 0");
        Tolerance explicit = new Tolerance(1e-3, 1e-2, Statistic.ELEMENTWISE, 1);
        dev.parity.compare.TolerancePolicy q = floor.policy(dev.parity.compare.TolerancePolicy.of(Tolerance.DEFAULT)
                .withOverride("flow.decoder.**", explicit));
        assertEquals(explicit, q.forEntry(step0));
    }

    @Test
    void float32AgainstFloat64PassesEverythingOnlyWithTheFloor() {
        CompareOptions plain = CompareOptions.defaults();
        assertTrue(TraceComparator.compare(f64, f32, plain).failed() > 100, "default tolerance flags rounding");
        Localizer withFloor = new Localizer(plain, floor);
        Diagnosis d = withFloor.diagnose(f32, f64);
        assertNull(d.culprit());
        assertEquals(ENTRIES, d.comparison().passed());
        Localizer reverse = new Localizer(plain, NoiseFloor.measure(f64, f32));
        Comparison c = TraceComparator.compare(f64, f32, reverse.effectiveOptions());
        assertEquals(ENTRIES, c.passed());
    }

    @Test
    void smallPerturbationFarAboveTheFloorFailsAtItsModule() throws IOException {
        TraceEntry target = Candidates.entry(f32, "flow.encoder.up_encoders.0.feed_forward", 0, EntryKind.OUT);
        Path cand = dev.parity.TraceCopies.copy(SharedData.smallDump(), tmp.resolve("c"), (i, e, t) ->
                i >= target.index() && Candidates.perturbable(e) ? Candidates.shifted(t, 3e-5) : t);
        Diagnosis plain = new Localizer(CompareOptions.defaults(), NoiseFloor.none()).diagnose(f32, TraceReader.read(cand));
        Diagnosis d = new Localizer(CompareOptions.defaults(), floor).diagnose(f32, TraceReader.read(cand));
        assertEquals("flow.encoder.up_encoders.0.feed_forward", d.culprit().module());
        assertEquals(CulpritKind.MODULE_OUTPUT, d.culprit().kind());
        assertTrue(d.culprit().floorRatio() > 10, "ratio " + d.culprit().floorRatio());
        assertEquals("flow.encoder.up_encoders.0.feed_forward", d.origins().get(0).call().name());
        assertTrue(Double.isNaN(plain.culprit().floorRatio()), "no floor, no ratio");
    }
}
