package dev.parity.compare;

import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Infers mapping rules ({@link MappingRules} format) from names that did not align: the one engine behind
 * {@code compare --suggest-map} (trace module paths) and {@code weights diff} (checkpoint keys).
 *
 * <p><b>Pairing.</b> A candidate name is paired with the reference name of the same signature (shapes, kinds and
 * calls of its entries, or a key's shape) that shares the longest tail of components once spelling is ignored
 * (lower case, no {@code _}: {@code downBlocks} = {@code down_blocks}); the tail must hold at least two components
 * and start with a named one, or be the whole name, and the best partner must be unique. Names left over take the
 * pairing by execution order that the caller passes ({@code orderPairs}, see {@link #forTraces}).
 *
 * <p><b>Rules.</b> Each pair is split into a head and a rest of equal length, choosing the split with the most
 * rest components equal up to spelling, then the fewest that differ. Rest components spelled differently become
 * component renames ({@code rename (^|\.)downBlocks(?=\.|$) => $1down_blocks}) when most occurrences of that
 * component (already aligned names included) want it; differing indices become index renames keyed by the
 * component before them; the heads become prefix rules ({@code strip-prefix}, {@code add-prefix} or an anchored
 * {@code rename}), longest first. The rules run in that order: components, indices, prefixes. Every name is then
 * run through them; a name that still misses its partner gets a rule for that one name.
 */
public final class NameMapInference {
    /** One unmatched name and what must agree for it to pair: its entries' kinds, calls and shapes, or its shape. */
    public record Item(String name, String signature) {
    }

    private static final int MIN_TAIL = 2;
    private static final int ORDER_WINDOW = 64;

    private NameMapInference() {
    }

    /**
     * Infers rules for a trace comparison: pairs by name (see class doc), then the entries left over by execution
     * order (each unmatched candidate entry with the next unmatched reference entry of the same kind, call, argument,
     * dtype and shape within {@value #ORDER_WINDOW} entries).
     */
    public static InferredMap forTraces(Trace ref, Trace cand, MappingRules user) {
        Alignment al = Alignment.of(ref, cand, user);
        Set<String> missingNames = new LinkedHashSet<>();
        al.missing().forEach(e -> missingNames.add(e.name()));
        Set<String> alignedNames = new LinkedHashSet<>();
        Map<String, List<TraceEntry>> unmatched = new LinkedHashMap<>();
        for (TraceEntry c : al.unmatchedCandidate()) {
            unmatched.computeIfAbsent(user.apply(c.name()), k -> new ArrayList<>()).add(c);
        }
        al.pairs().keySet().forEach(r -> alignedNames.add(r.name()));
        alignedNames.removeAll(missingNames);
        alignedNames.removeAll(unmatched.keySet());
        Map<String, List<TraceEntry>> missing = new LinkedHashMap<>();
        al.missing().forEach(e -> missing.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e));
        return infer(alignedNames, items(unmatched), items(missing), orderPairs(al, user));
    }

    private static List<Item> items(Map<String, List<TraceEntry>> byName) {
        List<Item> out = new ArrayList<>();
        byName.forEach((n, es) -> out.add(new Item(n, String.join(";", es.stream().map(NameMapInference::sig)
                .toList()))));
        return out;
    }

    private static String sig(TraceEntry e) {
        return e.call() + "/" + e.kind().label() + "/" + e.arg() + "/" + e.dtype() + e.shape();
    }

    /** Candidate name → reference name by the execution order of the unmatched entries (votes per name). */
    private static Map<String, String> orderPairs(Alignment al, MappingRules user) {
        List<TraceEntry> refs = al.missing();
        Map<String, Map<String, Integer>> votes = new LinkedHashMap<>();
        int j = 0;
        for (TraceEntry c : al.unmatchedCandidate()) {
            String s = sig(c);
            for (int k = j; k < Math.min(refs.size(), j + ORDER_WINDOW); k++) {
                if (sig(refs.get(k)).equals(s)) {
                    votes.computeIfAbsent(user.apply(c.name()), x -> new HashMap<>())
                            .merge(refs.get(k).name(), 1, Integer::sum);
                    j = k + 1;
                    break;
                }
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        votes.forEach((c, v) -> out.put(c, top(v)));
        return out;
    }

    /**
     * Infers rules that map the candidate names onto the reference names.
     *
     * @param aligned candidate names that already align (they must keep doing so)
     * @param cand unmatched candidate names
     * @param ref unmatched reference names
     * @param orderPairs fallback pairing (candidate → reference name) for names the name pairing leaves over
     */
    public static InferredMap infer(Collection<String> aligned, List<Item> cand, List<Item> ref,
                                    Map<String, String> orderPairs) {
        Map<String, String> pairs = pair(cand, ref, orderPairs);
        Map<String, String> target = new LinkedHashMap<>();
        aligned.forEach(n -> target.put(n, n));
        target.putAll(pairs);
        List<Split> splits = new ArrayList<>();
        pairs.forEach((c, r) -> splits.add(Split.best(c, r)));
        List<InferredRule> rules = new ArrayList<>(componentRules(splits, aligned));
        rules.addAll(indexRules(splits));
        MappingRules sofar = new MappingRules(rules.stream().map(InferredRule::rule).toList());
        rules.addAll(prefixRules(splits, sofar));
        rules.addAll(nameRules(target, new MappingRules(rules.stream().map(InferredRule::rule).toList())));
        return counted(rules, target, pairs);
    }

    // ---- pairing

    private static Map<String, String> pair(List<Item> cand, List<Item> ref, Map<String, String> orderPairs) {
        Map<String, List<Item>> byTail = new HashMap<>();
        Map<String, Item> refByName = new HashMap<>();
        for (Item r : ref) {
            refByName.put(r.name(), r);
            List<String> comps = components(r.name());
            for (int cut = 0; cut < comps.size(); cut++) {
                byTail.computeIfAbsent(tailKey(comps, cut), k -> new ArrayList<>()).add(r);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (Item c : cand) {
            Item r = byName(c, byTail);
            if (r != null && taken.add(r.name())) {
                out.put(c.name(), r.name());
            }
        }
        for (Item c : cand) {
            String r = orderPairs.get(c.name());
            if (!out.containsKey(c.name()) && r != null && refByName.containsKey(r) && taken.add(r)) {
                out.put(c.name(), r);
            }
        }
        return out;
    }

    /** The unique reference item of the same signature sharing the longest qualifying tail, or null. */
    private static Item byName(Item c, Map<String, List<Item>> byTail) {
        List<String> comps = components(c.name());
        for (int cut = 0; cut < comps.size(); cut++) {
            boolean whole = cut == 0;
            if (!whole && comps.size() - cut < MIN_TAIL) {
                return null;
            }
            if (!whole && isIndex(comps.get(cut))) {
                continue;
            }
            List<Item> hits = byTail.getOrDefault(tailKey(comps, cut), List.of()).stream()
                    .filter(r -> r.signature().equals(c.signature()))
                    .filter(r -> !whole || components(r.name()).size() == comps.size()).toList();
            if (hits.size() == 1) {
                return hits.get(0);
            }
            if (hits.size() > 1) {
                return null;
            }
        }
        return null;
    }

    private static String tailKey(List<String> comps, int cut) {
        StringBuilder b = new StringBuilder();
        for (int i = cut; i < comps.size(); i++) {
            b.append(norm(comps.get(i))).append('.');
        }
        return b.toString();
    }

    // ---- rules

    /** A pair cut into a head and a rest of equal length. */
    private record Split(List<String> cand, List<String> ref, int candHead, int refHead) {
        static Split best(String c, String r) {
            List<String> cs = components(c);
            List<String> rs = components(r);
            int d = rs.size() - cs.size();
            Split best = null;
            int bestEq = -1;
            int bestDiff = Integer.MAX_VALUE;
            for (int k = Math.max(0, -d); k <= cs.size() && k + d <= rs.size(); k++) {
                int eq = 0;
                int diff = 0;
                for (int i = k; i < cs.size(); i++) {
                    if (norm(cs.get(i)).equals(norm(rs.get(i + d)))) {
                        eq++;
                    } else {
                        diff++;
                    }
                }
                if (eq > bestEq || eq == bestEq && diff < bestDiff) {
                    best = new Split(cs, rs, k, k + d);
                    bestEq = eq;
                    bestDiff = diff;
                }
            }
            return best;
        }

        int rest() {
            return cand.size() - candHead;
        }

        String candAt(int i) {
            return cand.get(candHead + i);
        }

        String refAt(int i) {
            return ref.get(refHead + i);
        }

        /** The reference component before rest position {@code i} (the last head component for 0), or null. */
        String refBefore(int i) {
            int at = refHead + i - 1;
            return at >= 0 ? ref.get(at) : null;
        }
    }

    private static List<InferredRule> componentRules(List<Split> splits, Collection<String> aligned) {
        Map<String, Map<String, Integer>> votes = new LinkedHashMap<>();
        for (Split s : splits) {
            for (int i = 0; i < s.rest(); i++) {
                String c = s.candAt(i);
                String r = s.refAt(i);
                if (!(isIndex(c) && isIndex(r))) {
                    votes.computeIfAbsent(c, x -> new HashMap<>()).merge(r, 1, Integer::sum);
                }
            }
        }
        for (String n : aligned) {
            for (String c : components(n)) {
                if (votes.containsKey(c)) {
                    votes.get(c).merge(c, 1, Integer::sum);
                }
            }
        }
        List<InferredRule> out = new ArrayList<>();
        votes.forEach((c, v) -> {
            String r = top(v);
            if (v.getOrDefault(c, 0) < v.get(r)) {
                out.add(new InferredRule(new MappingRule.Rename(Pattern.compile("(^|\\.)" + quote(c) + "(?=\\.|$)"),
                        "$1" + quoteReplacement(r)), InferredRule.Kind.COMPONENT, c, r, 0));
            }
        });
        return out;
    }

    private static List<InferredRule> indexRules(List<Split> splits) {
        Map<String, InferredRule> rules = new LinkedHashMap<>();
        for (Split s : splits) {
            for (int i = 0; i < s.rest(); i++) {
                String c = s.candAt(i);
                String r = s.refAt(i);
                String ctx = s.refBefore(i);
                if (isIndex(c) && isIndex(r) && !c.equals(r) && ctx != null && !isIndex(ctx)) {
                    String from = ctx + "." + c;
                    String to = ctx + "." + r;
                    rules.putIfAbsent(from, new InferredRule(new MappingRule.Rename(Pattern.compile("(^|\\.)"
                            + quote(from) + "(?=\\.|$)"), "$1" + quoteReplacement(to)), InferredRule.Kind.INDEX,
                            from, to, 0));
                }
            }
        }
        return chainSafe(new ArrayList<>(rules.values()));
    }

    /** Orders index renames so that no rule rewrites what an earlier one produced ({@code 2→3} before {@code 1→2}). */
    private static List<InferredRule> chainSafe(List<InferredRule> rules) {
        List<InferredRule> out = new ArrayList<>();
        List<InferredRule> left = new ArrayList<>(rules);
        while (!left.isEmpty()) {
            InferredRule next = left.stream().filter(r -> left.stream().noneMatch(o -> o != r && o.from()
                    .equals(r.to()))).findFirst().orElse(left.get(0));
            out.add(next);
            left.remove(next);
        }
        return out;
    }

    private static List<InferredRule> prefixRules(List<Split> splits, MappingRules before) {
        Map<List<String>, Integer> votes = new LinkedHashMap<>();
        Set<List<String>> bare = new HashSet<>();
        for (Split s : splits) {
            if (s.candHead() == 0 && s.refHead() == 0) {
                continue;
            }
            List<String> renamed = components(before.apply(String.join(".", s.cand())));
            String from = String.join(".", renamed.subList(0, s.candHead()));
            String to = String.join(".", s.ref().subList(0, s.refHead()));
            List<String> key = List.of(from, to);
            votes.merge(key, 1, Integer::sum);
            if (s.rest() == 0) {
                bare.add(key);
            }
        }
        return votes.keySet().stream()
                .sorted(Comparator.comparingInt((List<String> k) -> -k.get(0).length())
                        .thenComparing(k -> -votes.get(k)))
                .map(k -> prefixRule(k.get(0), k.get(1), bare.contains(k))).toList();
    }

    private static InferredRule prefixRule(String from, String to, boolean bare) {
        MappingRule rule;
        if (from.isEmpty()) {
            rule = new MappingRule.AddPrefix(to + ".");
        } else if (to.isEmpty()) {
            rule = new MappingRule.StripPrefix(from + ".");
        } else if (bare) {
            rule = new MappingRule.Rename(Pattern.compile("^" + quote(from) + "(?=\\.|$)"), quoteReplacement(to));
        } else {
            rule = new MappingRule.Rename(Pattern.compile("^" + quote(from + ".")), quoteReplacement(to + "."));
        }
        return new InferredRule(rule, InferredRule.Kind.PREFIX, from, to, 0);
    }

    /** One rule per name the general rules still get wrong, when its result collides with no other name's. */
    private static List<InferredRule> nameRules(Map<String, String> target, MappingRules rules) {
        Map<String, String> mapped = new LinkedHashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        target.keySet().forEach(n -> {
            String m = rules.apply(n);
            mapped.put(n, m);
            uses.merge(m, 1, Integer::sum);
        });
        List<InferredRule> out = new ArrayList<>();
        target.forEach((n, t) -> {
            String m = mapped.get(n);
            if (!m.equals(t) && uses.get(m) == 1 && !uses.containsKey(t)) {
                out.add(new InferredRule(new MappingRule.Rename(Pattern.compile("^" + quote(m) + "$"),
                        quoteReplacement(t)), InferredRule.Kind.NAME, m, t, 0));
            }
        });
        return out;
    }

    /** The rules with their match counts (names each rewrote that end at their target). */
    private static InferredMap counted(List<InferredRule> rules, Map<String, String> target, Map<String, String> pairs) {
        int[] matches = new int[rules.size()];
        int explained = 0;
        for (Map.Entry<String, String> e : target.entrySet()) {
            String n = e.getKey();
            List<Integer> changed = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                String m = rules.get(i).rule().apply(n);
                if (!m.equals(n)) {
                    changed.add(i);
                }
                n = m;
            }
            if (n.equals(e.getValue())) {
                explained++;
                changed.forEach(i -> matches[i]++);
            }
        }
        List<InferredRule> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            InferredRule r = rules.get(i);
            out.add(new InferredRule(r.rule(), r.kind(), r.from(), r.to(), matches[i]));
        }
        return new InferredMap(out, pairs, explained, target.size());
    }

    // ---- names

    static List<String> components(String name) {
        return name.isEmpty() ? List.of() : List.of(name.split("\\.", -1));
    }

    /** A component with spelling ignored: lower case, no underscores. */
    static String norm(String component) {
        return component.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static boolean isIndex(String c) {
        return !c.isEmpty() && c.chars().allMatch(Character::isDigit);
    }

    private static String top(Map<String, Integer> votes) {
        return votes.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
    }

    /** {@code s} as a regex matching itself: metacharacters backslash-escaped (readable, unlike \Q..\E). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            b.append(".[]{}()\\*+?^$|".indexOf(ch) >= 0 ? "\\" : "").append(ch);
        }
        return b.toString();
    }

    private static String quoteReplacement(String s) {
        return s.replace("\\", "\\\\").replace("$", "\\$");
    }
}
