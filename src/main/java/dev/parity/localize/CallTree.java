package dev.parity.localize;

import dev.parity.io.TraceEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The module calls of a trace and how they nest, rebuilt from the in/out bracketing in execution order: a call
 * opens at its first recorded {@code in} and closes at its first {@code out}; a call opened while another is open
 * is its child. A call whose {@code out} never comes is closed when an enclosing call returns; a call with outputs
 * but no recorded inputs is a leaf of the call open at that point, and so is a call of a module whose outputs are
 * never recorded anywhere in the trace (a transparent wrapper such as T3's {@code patched_model}, recorded on
 * entry only): it cannot be told where it returns, so it encloses nothing.
 *
 * <p>For every entry the tree knows its <em>enclosing call</em>: for an {@code in} entry the call that was open
 * when the module was entered (its parent), for an {@code out} entry the returning call itself, for {@code rng}
 * and {@code final} entries the innermost open call (-1 at top level).
 */
public final class CallTree {
    private final List<ModuleCall> calls;
    private final int[] callOf;
    private final int[] enclosing;

    private CallTree(List<ModuleCall> calls, int[] callOf, int[] enclosing) {
        this.calls = List.copyOf(calls);
        this.callOf = callOf;
        this.enclosing = enclosing;
    }

    /** Builds the tree of {@code entries} (one trace's entries in execution order, indexed 0..n-1). */
    public static CallTree of(List<TraceEntry> entries) {
        return new Builder(entries.size()).build(entries);
    }

    /** Every module call, in the order their first entry appears. */
    public List<ModuleCall> calls() {
        return calls;
    }

    /** The call an in/out entry belongs to, or -1 for rng/final entries. */
    public int callOf(int entryIndex) {
        return callOf[entryIndex];
    }

    /** The enclosing call of an entry (see class doc), or -1. */
    public int enclosing(int entryIndex) {
        return enclosing[entryIndex];
    }

    public ModuleCall call(int index) {
        return calls.get(index);
    }

    /** Whether call {@code a} is {@code b} or one of its ancestors. */
    public boolean encloses(int a, int b) {
        for (int c = b; c >= 0; c = calls.get(c).parent()) {
            if (c == a) {
                return true;
            }
        }
        return false;
    }

    /** Mutable state while reading the entries once. */
    private static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<Integer> callIdx = new ArrayList<>();
        private final List<Integer> parents = new ArrayList<>();
        private final List<List<Integer>> ins = new ArrayList<>();
        private final List<List<Integer>> outs = new ArrayList<>();
        private final Map<String, Integer> byKey = new HashMap<>();
        private final Deque<Integer> open = new ArrayDeque<>();
        private final java.util.Set<String> returning = new java.util.HashSet<>(); // names with a recorded out
        private final int[] callOf;
        private final int[] enclosing;

        Builder(int n) {
            callOf = new int[n];
            enclosing = new int[n];
        }

        CallTree build(List<TraceEntry> entries) {
            entries.stream().filter(e -> e.kind() == dev.parity.io.EntryKind.OUT).forEach(e -> returning.add(e.name()));
            for (int i = 0; i < entries.size(); i++) {
                TraceEntry e = entries.get(i);
                switch (e.kind()) {
                    case IN -> onIn(i, e);
                    case OUT -> onOut(i, e);
                    default -> {
                        callOf[i] = -1;
                        enclosing[i] = top();
                    }
                }
            }
            List<ModuleCall> list = new ArrayList<>();
            for (int c = 0; c < names.size(); c++) {
                list.add(new ModuleCall(c, names.get(c), callIdx.get(c), parents.get(c), ins.get(c), outs.get(c)));
            }
            return new CallTree(list, callOf, enclosing);
        }

        private int top() {
            return open.isEmpty() ? -1 : open.peek();
        }

        private void onIn(int i, TraceEntry e) {
            Integer c = byKey.get(key(e));
            if (c == null || (!open.contains(c) && !outs.get(c).isEmpty())) {
                c = create(e, top());
                if (returning.contains(e.name())) {
                    open.push(c);
                }
            }
            ins.get(c).add(i);
            callOf[i] = c;
            enclosing[i] = parents.get(c);
        }

        private void onOut(int i, TraceEntry e) {
            Integer c = byKey.get(key(e));
            if (c == null) {
                c = create(e, top());
            }
            if (open.contains(c)) {
                while (open.pop() != c.intValue()) {
                    // a call whose out never came closes with its parent
                }
            }
            outs.get(c).add(i);
            callOf[i] = c;
            enclosing[i] = c;
        }

        private int create(TraceEntry e, int parent) {
            int c = names.size();
            names.add(e.name());
            callIdx.add(e.call());
            parents.add(parent);
            ins.add(new ArrayList<>());
            outs.add(new ArrayList<>());
            byKey.put(key(e), c);
            return c;
        }

        private static String key(TraceEntry e) {
            return e.name() + '\u0000' + e.call();
        }
    }
}
