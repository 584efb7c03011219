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
import org.junit.jupiter.params.provider.EnumSource;

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

    @ParameterizedTest
    @EnumSource(value = Fault.class, mode = EnumSource.Mode.EXCLUDE, names = {"ATTENTION_MASK_IGNORED",
        "LSTM_GATES_TF_ORDER", "BATCHNORM_TRAINING", "PREEMPHASIS_MISSING", "STFT_NOT_CENTRED", "FSQ_ROUND_HALF_UP",
        "RESAMPLER_SWAPPED"})
    void diagnosisNamesTheInjectedModule(Fault f) {
        org.junit.jupiter.api.Assumptions.assumeFalse(FaultCatalog.isT3(f), "T3 faults: T3FaultInjectionTest");
        Diagnosis d = diagnose(FaultCatalog.plan(List.of(f.id())));
        assertNotNull(d.culprit(), f.id());
        assertEquals(FaultCatalog.defaultModule(f), d.culprit().module(), () -> f.id() + ": " + d.culprit());
    }

    @Test
    void ignoredMaskIsInvisibleOnAnUnpaddedBatch() {
        assertNull(diagnose(FaultCatalog.plan(List.of(Fault.ATTENTION_MASK_IGNORED.id()))).culprit());
    }
}
