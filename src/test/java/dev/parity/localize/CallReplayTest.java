package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parity.SharedData;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.port.nn.CallReplay;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.StageFeed;
import dev.parity.port.run.ReferenceRun;
import dev.parity.port.run.StageBoundary;
import dev.parity.port.s3gen.S3Token2Wav;
import dev.parity.tensor.Tensor;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stage swap replays from the unfed run the calls it would compute the same (the whole flow for a boundary in
 * the vocoder, the decoder's ODE for the mel): its trace must be the one the swap computes itself, entry for entry
 * and bit for bit, with and without a fault.
 */
class CallReplayTest {
    private static final EntryId FLOW = S3Token2Wav.REPLAYABLE.get(0);
    private static final EntryId DECODER = S3Token2Wav.REPLAYABLE.get(1);
    private static ReferenceRun.Loaded loaded;

    @BeforeAll
    static void load() {
        loaded = PortRun.load(SharedData.smallDump());
    }

    @AfterAll
    static void close() {
        loaded.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "attention-scale-missing", "mel-transform", "conv-transpose-padding",
        "float16-decoder"})
    void everySwapWithItsCallsReplayedIsTheSwapComputed(String fault) {
        FaultPlan plan = FaultCatalog.plan(fault.isEmpty() ? List.of() : List.of(fault));
        Trace unfed = PortRun.runInMemory(loaded, Path.of("unfed"), plan, StageFeed.NONE);
        Trace ref = loaded.dump().trace();
        List<CallReplay> replayable = StageSwaps.replayable(unfed);
        for (StageBoundary b : StageBoundary.S3GEN) {
            StageFeed replaying = StageSwaps.feed(ref, b, unfed, replayable);
            Trace computed = PortRun.runInMemory(loaded, Path.of("computed"), plan, StageBoundary.feed(ref,
                    List.of(b)));
            Trace replayed = PortRun.runInMemory(loaded, Path.of("replayed"), plan, replaying);
            assertSameTrace(computed, replayed, "'" + fault + "' " + b.name() + " " + replaying.replays().keySet());
        }
    }

    /** Which calls each boundary replays: none before the decoder; the ODE for the mel; the flow in the vocoder. */
    @Test
    void eachBoundaryReplaysTheCallsThatEndedBeforeItsOutputAndItsOwn() {
        Trace unfed = PortRun.runInMemory(loaded, Path.of("unfed"), FaultPlan.NONE, StageFeed.NONE);
        Trace ref = loaded.dump().trace();
        Map<String, java.util.Set<EntryId>> replays = new LinkedHashMap<>();
        List<CallReplay> replayable = StageSwaps.replayable(unfed);
        for (StageBoundary b : StageBoundary.S3GEN) {
            replays.put(b.name(), StageSwaps.feed(ref, b, unfed, replayable).replays().keySet());
        }
        assertEquals(Map.of("encoder", java.util.Set.of(), "mu", java.util.Set.of(), "mel",
                java.util.Set.of(DECODER), "f0", java.util.Set.of(FLOW, DECODER), "source",
                java.util.Set.of(FLOW, DECODER)), replays);
        CallReplay flow = CallReplay.of(unfed, FLOW);
        CallReplay ode = CallReplay.of(unfed, DECODER);
        assertEquals(1, flow.draws(), "the flow draws its initial noise once");
        assertEquals(1, ode.draws(), "inside the decoder");
        assertEquals("flow.inference()", flow.entries().get(0).name());
        assertEquals(new EntryId("rng.randn_like", 0, EntryKind.RNG, "cfm_z"), ode.entries().get(0).id());
    }

    /** Without every draw recorded the draws inside cannot be counted: no replay, the swap computes the call. */
    @Test
    void aTraceMissingTheVocodersFirstDrawGivesNoReplay() {
        Trace unfed = PortRun.runInMemory(loaded, Path.of("unfed"), FaultPlan.NONE, StageFeed.NONE);
        assertNotNull(CallReplay.of(unfed, FLOW));
        TraceEntry firstVocoderDraw = unfed.entries().stream()
                .filter(e -> e.kind() == EntryKind.RNG && e.call() == 1).findFirst().orElseThrow();
        Trace gap = without(unfed, firstVocoderDraw);
        assertNull(CallReplay.of(gap, FLOW));
        assertNull(CallReplay.of(gap, DECODER));
        assertNull(CallReplay.of(unfed, new EntryId("flow.decoder", 1, EntryKind.OUT, null)), "no such call");
    }

    private static Trace without(Trace t, TraceEntry dropped) {
        List<TraceEntry> kept = new ArrayList<>();
        Map<EntryId, Tensor> tensors = new LinkedHashMap<>();
        for (TraceEntry e : t.entries()) {
            if (!e.id().equals(dropped.id())) {
                kept.add(new TraceEntry(kept.size(), e.id(), e.moduleType(), null, e.shape(), e.dtype(), e.extra()));
                tensors.put(e.id(), t.tensor(e));
            }
        }
        return Trace.inMemory(Path.of("without"), JsonNodeFactory.instance.objectNode(), null, kept, tensors);
    }

    private static void assertSameTrace(Trace a, Trace b, String what) {
        assertEquals(a.entries().size(), b.entries().size(), what);
        for (int i = 0; i < a.entries().size(); i++) {
            TraceEntry x = a.entries().get(i);
            TraceEntry y = b.entries().get(i);
            assertEquals(x.id(), y.id(), what + " entry " + i);
            assertEquals(x.dtype(), y.dtype(), what + " " + x.id());
            assertEquals(x.moduleType(), y.moduleType(), what + " " + x.id());
            assertEquals(a.tensor(x).toBytes(ByteOrder.LITTLE_ENDIAN), b.tensor(y).toBytes(ByteOrder.LITTLE_ENDIAN),
                    what + " " + x.id());
        }
    }
}
