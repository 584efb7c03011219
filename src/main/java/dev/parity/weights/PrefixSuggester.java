package dev.parity.weights;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Infers prefix rewrites from the keys that did not match.
 *
 * <p>Each unexpected (candidate) name is paired with the missing (reference) names that share its longest
 * dot-component suffix of at least two components (or the whole name); the differing heads form a candidate rule {@code from -> to}. Each candidate is scored by
 * how many unexpected names it would turn into missing names. Rules are then chosen greedily, best score first
 * (ties: longer {@code from}), removing the keys each chosen rule explains, until no rule explains a key.
 */
final class PrefixSuggester {
    private static final int MAX_PARTNERS = 16;
    private static final int MAX_CANDIDATES = 200;

    private PrefixSuggester() {
    }

    /** The suggested rules, best first. */
    static List<PrefixSuggestion> suggest(Set<String> unexpected, Set<String> missing) {
        Set<String> u = new LinkedHashSet<>(unexpected);
        Set<String> m = new LinkedHashSet<>(missing);
        List<PrefixSuggestion> out = new ArrayList<>();
        List<Map.Entry<String, String>> candidates = candidates(u, m);
        while (!u.isEmpty()) {
            PrefixSuggestion best = best(candidates, u, m);
            if (best == null) {
                break;
            }
            out.add(best);
            for (String name : List.copyOf(u)) {
                String mapped = rewrite(name, best.from(), best.to());
                if (mapped != null && m.remove(mapped)) {
                    u.remove(name);
                }
            }
        }
        return out;
    }

    /** The candidate name a rule would produce, or null when the rule does not apply. */
    static String rewrite(String name, String from, String to) {
        return name.startsWith(from) ? to + name.substring(from.length()) : null;
    }

    private static List<Map.Entry<String, String>> candidates(Set<String> u, Set<String> m) {
        Map<String, List<String>> headsBySuffix = new HashMap<>();
        for (String name : m) {
            for (int cut = 0; cut >= 0; cut = nextCut(name, cut)) {
                headsBySuffix.computeIfAbsent(name.substring(cut), s -> new ArrayList<>()).add(name.substring(0, cut));
            }
        }
        Map<Map.Entry<String, String>, Integer> votes = new LinkedHashMap<>();
        for (String name : u) {
            vote(name, headsBySuffix, votes);
        }
        return votes.entrySet().stream()
                .sorted(Map.Entry.<Map.Entry<String, String>, Integer>comparingByValue().reversed())
                .limit(MAX_CANDIDATES).map(Map.Entry::getKey).toList();
    }

    private static void vote(String name, Map<String, List<String>> headsBySuffix,
                             Map<Map.Entry<String, String>, Integer> votes) {
        for (int cut = 0; cut >= 0; cut = nextCut(name, cut)) {
            List<String> heads = headsBySuffix.get(name.substring(cut));
            if (heads != null) {
                String from = name.substring(0, cut);
                heads.stream().limit(MAX_PARTNERS).forEach(to -> votes.merge(Map.entry(from, to), 1, Integer::sum));
                return;
            }
        }
    }

    /**
     * The start of the next shorter suffix, or -1: suffixes keep at least two components ({@code conv1.weight}) and
     * start with a named module, so a shared {@code weight} or {@code 0.weight} alone never pairs two keys.
     */
    private static int nextCut(String name, int cut) {
        int dot = name.indexOf('.', cut);
        while (dot >= 0 && dot + 1 < name.length() && Character.isDigit(name.charAt(dot + 1))) {
            dot = name.indexOf('.', dot + 1);
        }
        return dot < 0 || name.indexOf('.', dot + 1) < 0 ? -1 : dot + 1;
    }

    private static PrefixSuggestion best(List<Map.Entry<String, String>> candidates, Set<String> u, Set<String> m) {
        PrefixSuggestion best = null;
        for (Map.Entry<String, String> c : candidates) {
            int score = score(c.getKey(), c.getValue(), u, m);
            if (score > 0 && (best == null || BETTER.compare(new PrefixSuggestion(c.getKey(), c.getValue(), score),
                    best) < 0)) {
                best = new PrefixSuggestion(c.getKey(), c.getValue(), score);
            }
        }
        return best;
    }

    private static final Comparator<PrefixSuggestion> BETTER = Comparator
            .comparingInt(PrefixSuggestion::matches).reversed()
            .thenComparing(Comparator.comparingInt((PrefixSuggestion s) -> s.from().length()).reversed());

    private static int score(String from, String to, Set<String> u, Set<String> m) {
        int n = 0;
        for (String name : u) {
            String mapped = rewrite(name, from, to);
            if (mapped != null && m.contains(mapped)) {
                n++;
            }
        }
        return n;
    }
}
