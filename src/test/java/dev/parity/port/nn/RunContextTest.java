package dev.parity.port.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Faults and stage feeds reach a module only through the context of the call: one layer (fixtures/nn "linear",
 * written by PyTorch) called in turn with different contexts on one thread.
 */
class RunContextTest {
    private static final FaultPlan AT_INIT = new FaultPlan(List.of(
            new FaultPlan.Injection(Fault.WEIGHTS_AT_INIT, "linear")));
    private static final EntryId OUT = new EntryId("linear", 0, EntryKind.OUT, null);

    @Test
    void aFaultAppliesOnlyToTheCallsWhoseContextCarriesIt() {
        try (NDManager m = Torch.newManager()) {
            Linear l = new Linear("linear", NnFixtures.weights(m, "linear"), 7, 5, true);
            NDArray x = NnFixtures.input(m, "linear");
            float[] want = NnFixtures.read("linear.out").toFloatArray();
            assertClose(want, l.forward(RunContext.OFF, x).toFloatArray(), "before");
            float[] faulty = l.forward(RunContext.faulted(AT_INIT), x).toFloatArray();
            assertTrue(worst(want, faulty) > 1e-2, "weights at init should change the output, worst Δ "
                    + worst(want, faulty));
            assertClose(want, l.forward(RunContext.OFF, x).toFloatArray(), "after a faulted call");
            FaultPlan elsewhere = new FaultPlan(List.of(new FaultPlan.Injection(Fault.WEIGHTS_AT_INIT, "linear2")));
            assertClose(want, l.forward(RunContext.faulted(elsewhere), x).toFloatArray(), "fault at another path");
        }
    }

    /** A feed turns a faulted layer's output into the reference's, and records what it fed; the next run computes. */
    @Test
    void aFedOutputReplacesTheComputedOneInThatRunOnly() {
        Tensor ref = NnFixtures.read("linear.out");
        try (NDManager m = Torch.newManager()) {
            Linear l = new Linear("linear", NnFixtures.weights(m, "linear"), 7, 5, true);
            NDArray x = NnFixtures.input(m, "linear");
            MemoryTraceSink fedSink = new MemoryTraceSink(Path.of("fed"));
            RunContext fed = new RunContext(fedSink, AT_INIT, new StageFeed(Map.of(OUT, ref)));
            assertArrayEquals(ref.toFloatArray(), l.forward(fed, x).toFloatArray());
            assertArrayEquals(ref.toFloatArray(), fedSink.trace().tensor(fedSink.trace().get(OUT)).toFloatArray());
            MemoryTraceSink ownSink = new MemoryTraceSink(Path.of("own"));
            float[] own = l.forward(new RunContext(ownSink, AT_INIT, StageFeed.NONE), x).toFloatArray();
            assertTrue(worst(ref.toFloatArray(), own) > 1e-2, "without the feed the faulted layer computes");
        }
    }

    /** The plan tells which injections no module received: those changed nothing. */
    @Test
    void anInjectionNoModuleReceivesIsUnapplied() {
        FaultPlan.Injection here = new FaultPlan.Injection(Fault.WEIGHTS_AT_INIT, "linear");
        FaultPlan.Injection nowhere = new FaultPlan.Injection(Fault.WEIGHTS_AT_INIT, "linear2");
        FaultPlan.Injection otherKind = new FaultPlan.Injection(Fault.LAYERNORM_EPS, "linear");
        FaultPlan plan = new FaultPlan(List.of(here, nowhere, otherKind));
        assertEquals(List.of(here, nowhere, otherKind), plan.unapplied(), "before any call");
        try (NDManager m = Torch.newManager()) {
            Linear l = new Linear("linear", NnFixtures.weights(m, "linear"), 7, 5, true);
            l.forward(RunContext.faulted(plan), NnFixtures.input(m, "linear"));
        }
        assertEquals(List.of(nowhere, otherKind), plan.unapplied());
    }

    @Test
    void aContextNeedsAllThreeParts() {
        assertThrows(IllegalArgumentException.class, () -> new RunContext(TraceSink.OFF, null, StageFeed.NONE));
    }

    private static double worst(float[] want, float[] got) {
        double w = 0;
        for (int i = 0; i < want.length; i++) {
            w = Math.max(w, Math.abs(got[i] - want[i]) / (1 + Math.abs(want[i])));
        }
        return w;
    }

    private static void assertClose(float[] want, float[] got, String what) {
        assertTrue(worst(want, got) <= 1e-6, what + ": worst |Δ|/(1+|ref|) = " + worst(want, got));
    }
}
