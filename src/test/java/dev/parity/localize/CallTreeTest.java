package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Nesting rebuilt from the shared dump's in/out bracketing. */
class CallTreeTest {
    private static Trace ref;
    private static CallTree tree;

    @BeforeAll
    static void read() {
        ref = TraceReader.read(SharedData.smallDump());
        tree = CallTree.of(ref.entries());
    }

    private static ModuleCall callOf(String name, int call, EntryKind kind) {
        return tree.call(tree.callOf(Candidates.entry(ref, name, call, kind).index()));
    }

    @Test
    void childrenSitInsideTheirParentsAndTheRootIsTheInferenceCall() {
        String attn = "flow.decoder.estimator.down_blocks.0.1.0.attn1";
        ModuleCall toOut = callOf(attn + ".to_out.0", 0, EntryKind.IN);
        assertEquals(attn, tree.call(toOut.parent()).name());
        TraceEntry in = Candidates.entry(ref, attn + ".to_out.0", 0, EntryKind.IN);
        assertEquals(attn, tree.call(tree.enclosing(in.index())).name());
        ModuleCall root = callOf("s3gen.inference()", 0, EntryKind.IN);
        assertEquals(-1, root.parent());
        assertTrue(tree.encloses(root.index(), toOut.index()));
        assertEquals("flow.decoder.solve_euler()", tree.call(callOf("flow.decoder.estimator", 3, EntryKind.OUT)
                .parent()).name());
    }

    @Test
    void sharedModuleRecordedUnderItsFirstPathNestsWhereItRan() {
        // one SiLU instance serves every encoder feed-forward; its call 1 runs inside encoders.1
        ModuleCall silu = callOf("flow.encoder.encoders.0.feed_forward.activation", 1, EntryKind.OUT);
        assertEquals("flow.encoder.encoders.1.feed_forward", tree.call(silu.parent()).name());
    }

    @Test
    void everyRecordedCallHasItsOutputAndEveryEntryBelongsSomewhere() {
        for (ModuleCall c : tree.calls()) {
            assertTrue(!c.outs().isEmpty(), c.label());
        }
        for (TraceEntry e : ref.entries()) {
            boolean bracket = e.kind() == EntryKind.IN || e.kind() == EntryKind.OUT;
            assertEquals(bracket, tree.callOf(e.index()) >= 0, e.id().toString());
        }
    }
}
