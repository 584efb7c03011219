package dev.parity.localize;

import dev.parity.compare.Comparison;
import dev.parity.compare.EntryResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges every module call whose output diverged: {@link Verdict#INHERITED} when one of its recorded inputs
 * already differed; otherwise {@link Verdict#CONTAINS_ORIGIN} when a call inside it is an origin or contains one,
 * else {@link Verdict#ORIGIN}. A call without compared inputs counts as having matching inputs when nothing
 * diverged before it, else as inherited.
 */
final class Verdicts {
    private Verdicts() {
    }

    static List<ModuleVerdict> of(CallTree tree, Comparison c, NoiseFloor floor) {
        List<EntryResult> rs = c.results();
        int first = c.firstDivergence() == null ? Integer.MAX_VALUE : c.firstDivergence().reference().index();
        int n = tree.calls().size();
        Verdict[] verdicts = new Verdict[n];
        boolean[] blamed = new boolean[n];
        for (int k = n - 1; k >= 0; k--) {
            ModuleCall m = tree.call(k);
            EntryResult worst = worstOut(m, rs);
            if (worst != null) {
                verdicts[k] = judge(m, rs, first, blamed[k]);
                blamed[k] |= verdicts[k] != Verdict.INHERITED;
            }
            if (blamed[k] && m.parent() >= 0) {
                blamed[m.parent()] = true;
            }
        }
        List<ModuleVerdict> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (verdicts[k] != null) {
                out.add(verdict(tree.call(k), verdicts[k], rs, floor));
            }
        }
        return out;
    }

    private static Verdict judge(ModuleCall m, List<EntryResult> rs, int first, boolean childBlamed) {
        boolean compared = m.ins().stream().anyMatch(i -> rs.get(i).metrics() != null || rs.get(i).status()
                .isDivergence());
        boolean inputDiffers = compared ? m.ins().stream().anyMatch(i -> rs.get(i).status().isDivergence())
                : m.outs().get(0) > first;
        if (inputDiffers) {
            return Verdict.INHERITED;
        }
        return childBlamed ? Verdict.CONTAINS_ORIGIN : Verdict.ORIGIN;
    }

    private static ModuleVerdict verdict(ModuleCall m, Verdict v, List<EntryResult> rs, NoiseFloor floor) {
        EntryResult w = worstOut(m, rs);
        double ratio = w.metrics() == null ? Double.NaN : floor.ratio(w.reference().id(), w.metrics().relL2());
        boolean recorded = m.ins().stream().anyMatch(i -> rs.get(i).metrics() != null);
        return new ModuleVerdict(m, v, w, ratio, recorded);
    }

    /** The diverging output with the largest relative L2 (shape mismatches first), or null. */
    private static EntryResult worstOut(ModuleCall m, List<EntryResult> rs) {
        EntryResult worst = null;
        for (int i : m.outs()) {
            EntryResult r = rs.get(i);
            if (r.status().isDivergence() && (worst == null || error(r) > error(worst))) {
                worst = r;
            }
        }
        return worst;
    }

    private static double error(EntryResult r) {
        return r.metrics() == null ? Double.POSITIVE_INFINITY : r.metrics().relL2();
    }
}
