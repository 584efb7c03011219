package dev.parity.port.nn;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A key-prefix rename ({@code from -> to}) that would turn unused checkpoint keys into missing ones; found by
 * aligning keys on their common dotted suffix.
 *
 * @param matches how many unused keys become a missing key under the rule
 */
public record PrefixRule(String from, String to, int matches) {
    private static final int SAMPLE = 32;

    /** The rule matching the most keys, or null when no rule matches any. */
    public static PrefixRule suggest(Collection<String> missing, Collection<String> unused) {
        Set<String> missingSet = Set.copyOf(missing);
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        List<String> sample = missing.stream().limit(SAMPLE).toList();
        for (String m : sample) {
            for (String u : unused) {
                List<String> rule = align(m, u);
                if (rule != null && !counts.containsKey(rule)) {
                    counts.put(rule, count(rule, unused, missingSet));
                }
            }
        }
        return counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .max(Map.Entry.comparingByValue())
                .map(e -> new PrefixRule(e.getKey().get(0), e.getKey().get(1), e.getValue())).orElse(null);
    }

    /** Applies the rule to a key, or returns null when the key does not start with {@code from}. */
    public String apply(String key) {
        return key.startsWith(from) ? to + key.substring(from.length()) : null;
    }

    @Override
    public String toString() {
        return "rename prefix '" + from + "' -> '" + to + "' would match " + matches + " keys";
    }

    private static List<String> align(String missingKey, String unusedKey) {
        String[] a = missingKey.split("\\.");
        String[] b = unusedKey.split("\\.");
        int s = 0;
        while (s < a.length && s < b.length && a[a.length - 1 - s].equals(b[b.length - 1 - s])) {
            s++;
        }
        if (s == 0 || (s == a.length && s == b.length)) {
            return null;
        }
        return List.of(head(b, b.length - s), head(a, a.length - s));
    }

    private static String head(String[] parts, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(parts[i]).append('.');
        }
        return sb.toString();
    }

    private static int count(List<String> rule, Collection<String> unused, Set<String> missing) {
        PrefixRule r = new PrefixRule(rule.get(0), rule.get(1), 0);
        int n = 0;
        for (String u : unused) {
            String k = r.apply(u);
            if (k != null && missing.contains(k)) {
                n++;
            }
        }
        return n;
    }
}
