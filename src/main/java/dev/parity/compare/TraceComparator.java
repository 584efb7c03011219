package dev.parity.compare;

import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Compares a candidate trace with a reference trace: align, measure every pair (in parallel), summarise. */
public final class TraceComparator {
    private TraceComparator() {
    }

    public static Comparison compare(Trace ref, Trace cand, CompareOptions opts) {
        return compare(ref, cand, opts, PriorResults.NONE);
    }

    /** The same, taking from {@code prior} the results of pairs it already compared (same tensors, tolerance). */
    public static Comparison compare(Trace ref, Trace cand, CompareOptions opts, PriorResults prior) {
        Alignment al = Alignment.of(ref, cand, opts.rules());
        int[] steps = steps(ref, opts.stepModule());
        List<TraceEntry> refs = ref.entries().stream().filter(opts::selects).toList();
        EntryResult[] results = new EntryResult[refs.size()];
        IntStream.range(0, refs.size()).parallel().forEach(i -> {
            TraceEntry r = refs.get(i);
            results[i] = compareOne(ref, r, cand, al.pairs().get(r), opts.policy().forEntry(r), steps[r.index()],
                    prior);
        });
        List<EntryResult> list = List.of(results);
        EntryResult first = list.stream().filter(x -> x.status().isDivergence()).findFirst().orElse(null);
        return new Comparison(ref.dir(), ref.entries().size(), cand.dir(), cand.entries().size(), opts, list,
                al.unmatchedCandidate(), al.suggestions(), first, summarize(list));
    }

    /** Compares one aligned pair (or reports it missing when {@code c} is null). */
    public static EntryResult compareOne(Trace ref, TraceEntry r, Trace cand, TraceEntry c, Tolerance tol, int step) {
        return compareOne(ref, r, cand, c, tol, step, PriorResults.NONE);
    }

    private static EntryResult compareOne(Trace ref, TraceEntry r, Trace cand, TraceEntry c, Tolerance tol, int step,
                                          PriorResults prior) {
        if (c == null) {
            return new EntryResult(r, null, EntryStatus.MISSING, null, tol, null, step);
        }
        Tensor ct = cand.tensor(c);
        EntryResult earlier = prior.find(r, c, ct, tol, step);
        if (earlier != null) {
            return earlier;
        }
        Tensor rt = ref.tensor(r);
        if (!rt.shape().equals(ct.shape())) {
            ShapeFinder.Finding f = ShapeFinder.explain(rt, ct, tol);
            String text = f != null ? f.description()
                    : "shape " + ct.shape() + " differs from reference " + rt.shape();
            return new EntryResult(r, c, EntryStatus.SHAPE_MISMATCH, f == null ? null : f.metrics(), tol, text, step);
        }
        Metrics m = MetricsCalculator.compute(rt, ct, tol);
        if (m.passes(tol)) {
            return new EntryResult(r, c, EntryStatus.PASS, m, tol, null, step);
        }
        ShapeFinder.Finding f = ShapeFinder.explain(rt, ct, tol);
        return new EntryResult(r, c, EntryStatus.FAIL, m, tol, f == null ? null : f.description(), step);
    }

    /** The ODE step of each reference entry: the call of {@code stepModule} it ran under, else -1. */
    static int[] steps(Trace ref, String stepModule) {
        List<TraceEntry> es = ref.entries();
        int[] out = new int[es.size()];
        String prefix = stepModule + ".";
        int current = -1;
        for (int i = 0; i < es.size(); i++) {
            TraceEntry e = es.get(i);
            boolean self = e.name().equals(stepModule);
            if (self && e.kind() == EntryKind.IN) {
                current = e.call();
            }
            out[i] = (self || e.name().startsWith(prefix)) ? (self ? e.call() : current) : -1;
            if (self && e.kind() == EntryKind.OUT) {
                current = -1;
            }
        }
        return out;
    }

    static List<StepSummary> summarize(List<EntryResult> results) {
        Map<Integer, List<EntryResult>> bySteps = new LinkedHashMap<>();
        for (EntryResult r : results) {
            if (r.step() >= 0) {
                bySteps.computeIfAbsent(r.step(), k -> new ArrayList<>()).add(r);
            }
        }
        List<StepSummary> out = new ArrayList<>();
        bySteps.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.add(summary(e.getKey(),
                e.getValue())));
        return out;
    }

    private static StepSummary summary(int step, List<EntryResult> rs) {
        double max = 0;
        String worst = null;
        int failed = 0;
        for (EntryResult r : rs) {
            failed += r.status().isDivergence() ? 1 : 0;
            if (r.metrics() != null && r.metrics().relL2() >= max) {
                max = r.metrics().relL2();
                worst = r.reference().id().toString();
            }
        }
        return new StepSummary(step, rs.size(), failed, max, worst);
    }
}
