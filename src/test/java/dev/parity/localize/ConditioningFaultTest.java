package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.port.cond.CondDump;
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
 * The conditioning port run on {@code cond-small-seed1} from its WAV file (ported resamplers) with each
 * conditioning fault injected at its catalog module: the diagnosis names exactly that module; without faults it is
 * "no divergence". FSQ rounding half-up differs from half-to-even only at exact ties, which this dump never
 * produces, so that fault is rightly invisible here.
 */
class ConditioningFaultTest {
    private static Path dump;
    private static Trace ref;
    private static Localizer localizer;

    @TempDir
    Path tmp;

    @BeforeAll
    static void read() throws Exception {
        dump = CondDump.original();
        ref = TraceReader.read(dump);
        localizer = new Localizer(ConditioningPolicy.options(), NoiseFloor.none());
    }

    private Diagnosis diagnose(FaultPlan plan) {
        Path cand = PortRun.run(dump, tmp.resolve("run"), plan);
        return localizer.diagnose(ref, TraceReader.read(cand));
    }

    @Test
    void runWithoutFaultsHasNoDivergence() {
        Diagnosis d = diagnose(FaultPlan.NONE);
        assertNull(d.culprit(), () -> String.valueOf(d.culprit()));
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"LSTM_GATES_TF_ORDER", "BATCHNORM_TRAINING", "PREEMPHASIS_MISSING",
        "STFT_NOT_CENTRED", "RESAMPLER_SWAPPED"})
    void diagnosisNamesTheInjectedModule(Fault f) {
        Diagnosis d = diagnose(FaultCatalog.plan(List.of(f.id())));
        assertNotNull(d.culprit(), f.id());
        assertEquals(FaultCatalog.defaultModule(f), d.culprit().module(), () -> f.id() + ": " + d.culprit());
    }

    @Test
    void fsqHalfUpIsInvisibleWithoutTies() {
        assertNull(diagnose(FaultCatalog.plan(List.of(Fault.FSQ_ROUND_HALF_UP.id()))).culprit());
    }
}
