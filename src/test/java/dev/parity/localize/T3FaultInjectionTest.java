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
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java T3 run on {@code t3-small-seed1} with each T3 catalog fault injected at its default module; the
 * diagnosis against the reference (noise floor from the float64 twin) must name exactly that module, and a run
 * without faults must be "no divergence".
 */
class T3FaultInjectionTest {
    private static Path dump;
    private static Trace ref;
    private static Localizer localizer;

    @TempDir
    Path tmp;

    @BeforeAll
    static void read() {
        dump = SharedData.dump("t3-small-seed1");
        ref = TraceReader.read(dump);
        localizer = new Localizer(CompareOptions.defaults(),
                NoiseFloor.measure(ref, TraceReader.read(SharedData.dump("t3-small-seed1-f64"))));
    }

    static List<Fault> t3Faults() {
        return java.util.Arrays.stream(Fault.values()).filter(FaultCatalog::isT3).toList();
    }

    private Diagnosis diagnose(FaultPlan plan) {
        Path cand = PortRun.run(dump, tmp.resolve("run"), plan);
        return localizer.diagnose(ref, TraceReader.read(cand));
    }

    @Test
    void runWithoutFaultsHasNoDivergence() {
        Diagnosis d = diagnose(FaultPlan.NONE);
        assertNull(d.culprit(), () -> String.valueOf(d.culprit()));
        assertEquals(ref.entries().size(), d.comparison().aligned());
    }

    @ParameterizedTest
    @MethodSource("t3Faults")
    void diagnosisNamesTheInjectedModule(Fault f) {
        Diagnosis d = diagnose(FaultCatalog.plan(List.of(f.id())));
        assertNotNull(d.culprit(), f.id());
        assertEquals(FaultCatalog.defaultModule(f), d.culprit().module(), () -> f.id() + ": " + d.culprit());
    }
}
