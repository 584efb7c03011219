package dev.parity.localize;

import java.util.List;

/**
 * One call of one module as recorded in a trace.
 *
 * @param index position in {@link CallTree#calls()}
 * @param parent index of the enclosing call, or -1 at top level
 * @param ins entry indices of its recorded inputs (may be empty)
 * @param outs entry indices of its recorded outputs (may be empty)
 */
public record ModuleCall(int index, String name, int call, int parent, List<Integer> ins, List<Integer> outs) {
    public ModuleCall {
        ins = List.copyOf(ins);
        outs = List.copyOf(outs);
    }

    /** {@code flow.encoder (call 0)}. */
    public String label() {
        return name + " (call " + call + ")";
    }
}
