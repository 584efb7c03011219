package dev.parity.weights;

import dev.parity.compare.MappingRule;

import dev.parity.io.SafetensorsFile;
import dev.parity.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a candidate checkpoint (a port's weights) with the reference checkpoint: key sets, inferred prefix
 * rules, shapes, dtypes, values and storage layouts. See {@link KeyPairing} for how keys are paired,
 * {@link WeightComparison} for how tensors are compared and {@link LayerTypes} for the layer-type rule.
 */
public final class CheckpointDiff {
    private final SafetensorsFile ref;
    private final SafetensorsFile cand;
    private final LayerTypes types;

    private CheckpointDiff(SafetensorsFile ref, SafetensorsFile cand, KeyMappingRules rules) {
        this.ref = ref;
        this.cand = cand;
        this.types = new LayerTypes(WeightStatistics.shapes(ref), rules);
    }

    /** Diffs {@code cand} against {@code ref}; candidate names are rewritten by {@code rules} first. */
    public static DiffResult diff(SafetensorsFile ref, SafetensorsFile cand, KeyMappingRules rules) {
        return new CheckpointDiff(ref, cand, rules).run(rules);
    }

    private DiffResult run(KeyMappingRules rules) {
        KeyPairing p = new KeyPairing(ref.names(), cand.names(), rules, k -> dims(ref, k), k -> dims(cand, k));
        List<KeyFinding> findings = p.pairs.parallelStream().map(this::finding).toList();
        return new DiffResult(ref.path().toString(), cand.path().toString(),
                rules.rules().stream().map(MappingRule::toLine).toList(), ref.names().size(), cand.names().size(),
                List.copyOf(p.missing), unexpected(p), p.suggestions, findings,
                summaries(findings));
    }

    /** A key's dimensions sorted: equal for the same tensor in any layout. */
    private static String dims(SafetensorsFile f, String key) {
        return java.util.Arrays.toString(java.util.Arrays.stream(f.entry(key).shape().dims()).sorted().toArray());
    }

    /** Unmatched candidate keys, then those whose mapped name collided with another candidate key's. */
    private static List<String> unexpected(KeyPairing p) {
        List<String> out = new java.util.ArrayList<>(p.unexpected.values());
        out.addAll(p.duplicates);
        return out;
    }

    private KeyFinding finding(KeyPairing.Pair p) {
        KeyInfo info = types.classify(p.refKey());
        Tensor r = refTensor(p);
        Tensor c = candTensor(p);
        WeightComparison cmp = WeightComparison.of(info.type(), r, c);
        ParamRole role = p.kind() == MatchKind.EXACT || p.kind() == MatchKind.MAPPED
                || p.kind() == MatchKind.SUGGESTED ? info.role() : ParamRole.WEIGHT;
        return new KeyFinding(p.refKey(), p.candKey(), p.kind(), info.type(), role, ref.entry(p.refKey()).shape(),
                cand.entry(p.candKey()).shape(), ref.entry(p.refKey()).dtype(), cand.entry(p.candKey()).dtype(), cmp,
                candidateInit(info, p.candKey(), c, cmp));
    }

    private Tensor refTensor(KeyPairing.Pair p) {
        if (p.kind() == MatchKind.WEIGHT_NORM_FUSED) {
            String module = WeightNorm.moduleOf(p.refKey());
            return WeightNorm.fuse(ref.tensor(module + WeightNorm.G), ref.tensor(p.refKey()));
        }
        return ref.tensor(p.refKey());
    }

    private Tensor candTensor(KeyPairing.Pair p) {
        if (p.kind() == MatchKind.WEIGHT_NORM_SPLIT) {
            String module = WeightNorm.moduleOf(p.candKey());
            return WeightNorm.fuse(cand.tensor(module + WeightNorm.G), cand.tensor(p.candKey()));
        }
        return cand.tensor(p.candKey());
    }

    private static InitVerdict candidateInit(KeyInfo info, String candKey, Tensor c, WeightComparison cmp) {
        if (cmp.status() != FindingStatus.VALUES_DIFFER && cmp.status() != FindingStatus.SHAPE_DIFFERS) {
            return new InitVerdict(candKey, InitKind.NONE, info.type(), info.fanIn(), Double.NaN,
                    "not checked: the values match the reference");
        }
        KeyInfo candInfo = new KeyInfo(candKey, info.module(), info.role(), info.type(), info.fanIn());
        return InitializerCheck.check(WeightStatistics.of(candInfo, c), info.fanIn());
    }

    private static List<TypeSummary> summaries(List<KeyFinding> findings) {
        Map<LayerType, Map<String, Integer>> counts = new java.util.EnumMap<>(LayerType.class);
        for (KeyFinding f : findings) {
            if (f.role().isWeight()) {
                counts.computeIfAbsent(f.layerType(), t -> new LinkedHashMap<>())
                        .merge(f.comparison().layout(), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().map(e -> new TypeSummary(e.getKey(),
                e.getValue().values().stream().mapToInt(Integer::intValue).sum(), sortedByCount(e.getValue())))
                .toList();
    }

    private static Map<String, Integer> sortedByCount(Map<String, Integer> m) {
        Map<String, Integer> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
