package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.compare.CompareOptions;
import dev.parity.compare.Comparison;
import dev.parity.compare.EntryResult;
import dev.parity.compare.Statistic;
import dev.parity.compare.Tolerance;
import dev.parity.compare.TolerancePolicy;
import dev.parity.compare.TraceComparator;
import dev.parity.io.EntryId;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.StageFeed;
import dev.parity.port.run.ReferenceRun;
import dev.parity.tensor.DType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-calibrated noise floor: the Java pipeline run in float64 on the small dump, checked against the upstream
 * float64 twin; and the margin {@link NoiseFloor#K_ORIGIN} measured on the float32 Java run.
 */
class SelfFloorTest {
    /** Entries of the bundled {@code s3gen-small-seed1} (and its float64 twin), read from its manifest. */
    private static final int ENTRIES = SharedData.smallDumpEntries();
    private static final Path REF = SharedData.smallDump();

    @TempDir
    static Path tmp;

    private static Trace ref;
    private static Trace twin;
    private static Trace java64;

    @BeforeAll
    static void runFloat64() {
        ref = TraceReader.read(REF);
        twin = TraceReader.read(SharedData.smallDumpF64());
        java64 = TraceReader.read(PortRun.run(REF, tmp.resolve("java64"), FaultPlan.NONE, StageFeed.NONE,
                ReferenceRun.Precision.FLOAT64));
    }

    @Test
    void float64JavaRunMatchesTheUpstreamFloat64TwinWithin1e9OnEveryEntry() {
        Tolerance tol = new Tolerance(0, 1e-9, Statistic.REL_L2, 1.0);
        Comparison c = TraceComparator.compare(twin, java64, CompareOptions.defaults()
                .withPolicy(TolerancePolicy.of(tol).withOverride("**", tol)));
        assertEquals(ENTRIES, c.aligned());
        assertEquals(ENTRIES, c.passed(), () -> "worst: " + c.worst(5));
        double worst = c.results().stream().filter(r -> r.metrics() != null)
                .mapToDouble(r -> r.metrics().relL2()).max().orElseThrow();
        assertTrue(worst > 0 && worst < 1e-9, "worst rel L2 " + worst);
        // the kernels the port writes itself ran in float64 too: ConvTranspose1d, reflection pad, STFT/iSTFT, SineGen
        for (String name : List.of("mel2wav.ups.0", "mel2wav.reflection_pad", "mel2wav._stft()", "mel2wav._istft()",
                "mel2wav.m_source.l_sin_gen", "flow.decoder.estimator.down_blocks.0.0.block1.block.4")) {
            TraceEntry e = java64.get(new EntryId(name, 0, dev.parity.io.EntryKind.OUT, null));
            assertNotNull(e, name);
            assertEquals(DType.FLOAT64, e.dtype(), name);
        }
    }

    @Test
    void selfFloorIsTheTwinsFloor() {
        NoiseFloor self = NoiseFloor.measure(ref, java64);
        NoiseFloor upstream = NoiseFloor.measure(ref, twin);
        assertEquals(upstream.spreads().keySet(), self.spreads().keySet());
        double worst = 0;
        for (Map.Entry<EntryId, Spread> e : upstream.spreads().entrySet()) {
            worst = Math.max(worst, Math.abs(e.getValue().relL2() - self.at(e.getKey()).relL2()));
        }
        assertTrue(worst < 1e-9, "largest difference of the two floors' rel L2 spreads: " + worst);
    }

    /** The justification of K_ORIGIN: a correct float32 port stays under half of it on every entry. */
    @Test
    void correctFloat32PortStaysWellBelowKOriginTimesTheFloor() {
        Trace java32 = TraceReader.read(PortRun.run(REF, tmp.resolve("java32"), FaultPlan.NONE));
        NoiseFloor floor = NoiseFloor.measure(ref, java64);
        Comparison c = TraceComparator.compare(ref, java32, CompareOptions.defaults());
        double worst = 0;
        for (EntryResult r : c.results()) {
            if (r.metrics() != null && floor.at(r.reference().id()) != null) {
                worst = Math.max(worst, floor.ratio(r.reference().id(), r.metrics().relL2()));
            }
        }
        assertTrue(worst > 0.5 && worst < NoiseFloor.K_ORIGIN / 1.5, "largest error / floor of the float32 port: "
                + worst);
        Localizer l = new Localizer(CompareOptions.defaults(), floor);
        Diagnosis d = l.diagnose(ref, java32);
        assertNull(d.culprit());
        assertNull(d.birth());
    }
}
