package dev.parity.weights;

import dev.parity.compare.InferredMap;
import dev.parity.compare.InferredRule;
import dev.parity.compare.MappingRules;
import dev.parity.compare.NameMapInference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Pairs candidate keys with reference keys: by name after the user's rules, then by the rules
 * {@link NameMapInference} infers from the keys left over (signature: the multiset of a key's dimensions, so a
 * tensor stored in another layout still pairs), then
 * weight-norm {@code original0/original1} with a fused {@code .weight} of the same module (either direction).
 */
final class KeyPairing {
    /** One reference key and the candidate key paired with it. */
    record Pair(String refKey, String candKey, MatchKind kind) {
    }

    final List<Pair> pairs = new ArrayList<>();
    final Set<String> missing = new LinkedHashSet<>();
    /** Unmatched candidate keys by their name after the rules (and suggestions). */
    final Map<String, String> unexpected = new LinkedHashMap<>();
    final List<InferredRule> suggestions;
    /** Candidate keys whose name after the rules equals an earlier candidate key's: never paired. */
    final List<String> duplicates = new ArrayList<>();

    KeyPairing(Set<String> refKeys, Set<String> candKeys, KeyMappingRules rules) {
        this(refKeys, candKeys, rules, k -> "", k -> "");
    }

    /** {@code refSig}/{@code candSig}: what must agree for two keys to pair by name (e.g. their sorted dims). */
    KeyPairing(Set<String> refKeys, Set<String> candKeys, KeyMappingRules rules, Function<String, String> refSig,
               Function<String, String> candSig) {
        Map<String, String> candByName = new LinkedHashMap<>();
        for (String c : candKeys) {
            if (candByName.putIfAbsent(rules.apply(c), c) != null) {
                duplicates.add(c);
            }
        }
        for (String r : refKeys) {
            String c = candByName.remove(r);
            if (c == null) {
                missing.add(r);
            } else {
                pairs.add(new Pair(r, c, c.equals(r) ? MatchKind.EXACT : MatchKind.MAPPED));
            }
        }
        unexpected.putAll(candByName);
        List<String> paired = pairs.stream().map(Pair::refKey).toList();
        InferredMap inferred = NameMapInference.infer(paired,
                unexpected.keySet().stream().map(n -> new NameMapInference.Item(n, candSig.apply(unexpected.get(n))))
                        .toList(),
                missing.stream().map(n -> new NameMapInference.Item(n, refSig.apply(n))).toList(), Map.of());
        suggestions = inferred.rules().stream().filter(r -> r.matches() > 0).toList();
        applySuggestions(new MappingRules(suggestions.stream().map(InferredRule::rule).toList()));
        pairWeightNorm(refKeys);
    }

    private void applySuggestions(MappingRules inferred) {
        if (inferred.isEmpty()) {
            return;
        }
        for (String name : List.copyOf(unexpected.keySet())) {
            String mapped = inferred.apply(name);
            if (missing.remove(mapped)) {
                pairs.add(new Pair(mapped, unexpected.remove(name), MatchKind.SUGGESTED));
            }
        }
    }

    private void pairWeightNorm(Set<String> refKeys) {
        for (String r : List.copyOf(missing)) {
            String module = r.endsWith(WeightNorm.V) ? WeightNorm.moduleOf(r) : null;
            if (module != null && missing.contains(module + WeightNorm.G) && unexpected.containsKey(module + ".weight")) {
                missing.remove(r);
                missing.remove(module + WeightNorm.G);
                pairs.add(new Pair(r, unexpected.remove(module + ".weight"), MatchKind.WEIGHT_NORM_FUSED));
            }
            String plain = r.endsWith(".weight") ? r.substring(0, r.length() - ".weight".length()) : null;
            if (plain != null && unexpected.containsKey(plain + WeightNorm.V)
                    && unexpected.containsKey(plain + WeightNorm.G)) {
                missing.remove(r);
                unexpected.remove(plain + WeightNorm.G);
                pairs.add(new Pair(r, unexpected.remove(plain + WeightNorm.V), MatchKind.WEIGHT_NORM_SPLIT));
            }
        }
        sortLike(refKeys);
    }

    private void sortLike(Set<String> refKeys) {
        Map<String, Integer> order = new LinkedHashMap<>();
        refKeys.forEach(k -> order.put(k, order.size()));
        pairs.sort(java.util.Comparator.comparingInt(p -> order.get(p.refKey())));
    }
}
