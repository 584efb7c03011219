package dev.parity.localize;

import dev.parity.compare.CompareOptions;
import dev.parity.compare.Comparison;
import dev.parity.compare.PriorResults;
import dev.parity.compare.TokenParity;
import dev.parity.compare.TraceComparator;
import dev.parity.io.Trace;

/**
 * Diagnoses a candidate trace against a reference from the traces alone (no replay): compares them (with
 * tolerances derived from the noise floor when one is given), attributes the first divergence to the module
 * where the error is born ({@link Attribution}), judges every diverging module call ({@link Verdicts}), and adds
 * the ODE, token-level and audio-level views. Works for any candidate trace, including one written by a foreign port.
 */
public final class Localizer {
    private final CompareOptions options;
    private final NoiseFloor floor;

    /**
     * @param options alignment rules, base tolerance policy and step module
     * @param floor the reference's noise floor ({@link NoiseFloor#none()} for none)
     */
    public Localizer(CompareOptions options, NoiseFloor floor) {
        this.options = options;
        this.floor = floor;
    }

    /** The noise floor the tolerances come from. */
    public NoiseFloor floor() {
        return floor;
    }

    /** The options the comparison uses: the given ones, with the floor's per-module tolerances on top. */
    public CompareOptions effectiveOptions() {
        return floor.isEmpty() ? options : options.withPolicy(floor.policy(options.policy()));
    }

    public Diagnosis diagnose(Trace ref, Trace cand) {
        return diagnose(ref, cand, TraceComparator.compare(ref, cand, effectiveOptions()));
    }

    /**
     * Only what a stage swap reports of {@code cand}: the comparison, taking from {@code prior} the pairs it already
     * compared, and where the error is born (null when nothing diverged), as {@link #diagnose} would find them.
     */
    public Attributed attribute(Trace ref, Trace cand, PriorResults prior) {
        Comparison c = TraceComparator.compare(ref, cand, effectiveOptions(), prior);
        return new Attributed(c, Attribution.of(CallTree.of(ref.entries()), c, TensorLookup.of(ref),
                TensorLookup.candidate(cand, c), floor));
    }

    /** A comparison and where its error is born ({@link #attribute}). */
    public record Attributed(Comparison comparison, Culprit culprit) {
    }

    /** Diagnoses an existing comparison of {@code ref} and {@code cand}. */
    public Diagnosis diagnose(Trace ref, Trace cand, Comparison c) {
        CallTree tree = CallTree.of(ref.entries());
        TensorLookup rl = TensorLookup.of(ref);
        TensorLookup cl = TensorLookup.candidate(cand, c);
        String est = options.stepModule();
        return new Diagnosis(c, Attribution.of(tree, c, rl, cl, floor), Verdicts.of(tree, c, floor),
                floor.spreads().size(), StageView.of(c.results(), StageRow.ALL), StepMatrix.of(c.results(), est, floor),
                GuidanceCheck.of(rl, est, GuidanceCheck.UPSTREAM_W), GuidanceCheck.of(cl, est, GuidanceCheck.UPSTREAM_W),
                AudioCheck.of(rl, cl), java.util.List.of(), java.util.List.of(), TokenParity.of(ref, cand, c),
                Birth.fromFloor(tree, c, rl, cl, floor));
    }
}
