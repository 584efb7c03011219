package dev.parity.port.nn;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The distinct op specs of the modules built while a census is open: every conv1d kernel spec, every Linear
 * (in, out), LayerNorm width and attention (heads, head dim). {@code parity doctor} and the backend tests check
 * exactly these on the machine they run on. Modules report themselves from their constructors; with no census
 * open, reporting costs a list lookup.
 */
public final class OpCensus implements AutoCloseable {
    private static final List<OpCensus> OPEN = new CopyOnWriteArrayList<>();

    /** A Linear layer's sizes. */
    public record LinearSpec(int in, int out) {
    }

    /** An attention's score/value matmuls: (B, heads, T, headDim). */
    public record AttentionSpec(int heads, int headDim) {
    }

    private final Set<ConvKernels.Key> convs = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<LinearSpec> linears = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<Integer> layerNorms = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<AttentionSpec> attentions = Collections.synchronizedSet(new LinkedHashSet<>());

    private OpCensus() {
    }

    /** Starts counting; close it when the model is built. */
    public static OpCensus open() {
        OpCensus c = new OpCensus();
        OPEN.add(c);
        return c;
    }

    static void conv(ConvKernels.Key k) {
        OPEN.forEach(c -> c.convs.add(k));
    }

    static void linear(int in, int out) {
        OPEN.forEach(c -> c.linears.add(new LinearSpec(in, out)));
    }

    static void layerNorm(int width) {
        OPEN.forEach(c -> c.layerNorms.add(width));
    }

    /** Reported by attention modules (in {@code port.s3gen} and later ports). */
    public static void attention(int heads, int headDim) {
        OPEN.forEach(c -> c.attentions.add(new AttentionSpec(heads, headDim)));
    }

    public Set<ConvKernels.Key> convs() {
        return Set.copyOf(convs);
    }

    public Set<LinearSpec> linears() {
        return Set.copyOf(linears);
    }

    public Set<Integer> layerNorms() {
        return Set.copyOf(layerNorms);
    }

    public Set<AttentionSpec> attentions() {
        return Set.copyOf(attentions);
    }

    @Override
    public void close() {
        OPEN.remove(this);
    }
}
