package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parity.SharedData;
import dev.parity.compare.CompareOptions;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.FaultPlan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The Java pipeline run on the shared dump with each catalog fault injected at its default module; the diagnosis
 * against the reference (noise floor from the float64 twin) must name exactly that module, and a run without
 * faults must be "no divergence".
 */
class FaultInjectionTest {
    private static Trace ref;
    private static Localizer localizer;

    @TempDir
    Path tmp;

    @BeforeAll
    static void read() {
        ref = TraceReader.read(SharedData.smallDump());
        localizer = new Localizer(CompareOptions.defaults(),
                NoiseFloor.measure(ref, TraceReader.read(SharedData.smallDumpF64())));
    }

    private Diagnosis diagnose(FaultPlan plan) {
        Path cand = PortRun.run(SharedData.smallDump(), tmp.resolve("run"), plan);
        return localizer.diagnose(ref, TraceReader.read(cand));
    }

    @Test
    void runWithoutFaultsHasNoDivergence() {
        Diagnosis d = diagnose(FaultPlan.NONE);
        assertNull(d.culprit(), () -> String.valueOf(d.culprit()));
        assertEquals(ref.entries().size(), d.comparison().aligned());
    }

    /** The S3Gen faults but the mask one, which changes nothing on an unpadded batch (tested on its own). */
    static java.util.stream.Stream<Fault> s3genFaults() {
        return FaultCatalog.s3gen().stream().filter(f -> f != Fault.ATTENTION_MASK_IGNORED);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("s3genFaults")
    void diagnosisNamesTheInjectedModule(Fault f) {
        Diagnosis d = diagnose(FaultCatalog.plan(List.of(f.id())));
        assertNotNull(d.culprit(), f.id());
        assertEquals(FaultCatalog.defaultModule(f), d.culprit().module(), () -> f.id() + ": " + d.culprit());
    }

    @Test
    void ignoredMaskIsInvisibleOnAnUnpaddedBatch() {
        assertNull(diagnose(FaultCatalog.plan(List.of(Fault.ATTENTION_MASK_IGNORED.id()))).culprit());
    }
}
