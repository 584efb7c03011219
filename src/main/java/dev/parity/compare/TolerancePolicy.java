package dev.parity.compare;

import dev.parity.io.EntryId;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.DType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Chooses the {@link Tolerance} for each reference entry: the last matching per-layer override wins; otherwise a
 * per-entry tolerance set for that exact identity (e.g. derived from a noise floor) applies; otherwise
 * integer and bool entries are compared exactly, float16/bfloat16/float8 entries get the looser {@link #half()}
 * tolerance (unless set explicitly), and every other entry gets {@link #base()}.
 *
 * <p>A pattern is a regex when written {@code re:...}, else a glob over the entry name where {@code *} matches
 * within one dotted component, {@code **} across components and {@code ?} one character.
 */
public final class TolerancePolicy {
    /** One per-layer rule. */
    public record Override(String pattern, Pattern regex, Tolerance tolerance) {
    }

    private final Tolerance base;
    private final Tolerance half;
    private final List<Override> overrides;
    private final Map<EntryId, Tolerance> perEntry;

    public TolerancePolicy(Tolerance base, Tolerance half, List<Override> overrides) {
        this(base, half, overrides, Map.of());
    }

    private TolerancePolicy(Tolerance base, Tolerance half, List<Override> overrides, Map<EntryId, Tolerance> perEntry) {
        this.base = base;
        this.half = half;
        this.overrides = List.copyOf(overrides);
        this.perEntry = Map.copyOf(perEntry);
    }

    /** A copy with tolerances for exact entry identities (below per-layer overrides, above the defaults). */
    public TolerancePolicy withEntryTolerances(Map<EntryId, Tolerance> tolerances) {
        Map<EntryId, Tolerance> m = new HashMap<>(perEntry);
        m.putAll(tolerances);
        return new TolerancePolicy(base, half, overrides, m);
    }

    public static TolerancePolicy of(Tolerance base) {
        return new TolerancePolicy(base, Tolerance.HALF.withStatistic(base.statistic(), base.quantile()), List.of());
    }

    public Tolerance base() {
        return base;
    }

    public Tolerance half() {
        return half;
    }

    public List<Override> overrides() {
        return overrides;
    }

    /** A copy with one more override (it takes precedence over earlier ones). */
    public TolerancePolicy withOverride(String pattern, Tolerance t) {
        List<Override> list = new ArrayList<>(overrides);
        list.add(new Override(pattern, compile(pattern), t));
        return new TolerancePolicy(base, half, list, perEntry);
    }

    /** The tolerance for {@code ref}. */
    public Tolerance forEntry(TraceEntry ref) {
        for (int i = overrides.size() - 1; i >= 0; i--) {
            if (overrides.get(i).regex().matcher(ref.name()).matches()) {
                return overrides.get(i).tolerance();
            }
        }
        Tolerance exact = perEntry.get(ref.id());
        if (exact != null) {
            return exact;
        }
        DType dt = ref.dtype();
        if (!dt.isFloating()) {
            return Tolerance.EXACT;
        }
        return dt.isHalfPrecision() ? half : base;
    }

    /** Compiles {@code re:REGEX} or a glob (see class doc). */
    public static Pattern compile(String pattern) {
        if (pattern.startsWith("re:")) {
            return Pattern.compile(pattern.substring(3));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                sb.append(".*");
                i++;
            } else if (ch == '*') {
                sb.append("[^.]*");
            } else if (ch == '?') {
                sb.append('.');
            } else {
                sb.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(sb.toString());
    }
}
