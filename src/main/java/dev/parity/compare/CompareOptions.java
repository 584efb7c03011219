package dev.parity.compare;

import dev.parity.io.TraceEntry;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How to compare two traces.
 *
 * @param stepModule the module whose call index is the ODE step (entries under it are grouped by step)
 * @param allowMissing when false (the default) every selected reference entry without a candidate counterpart is
 *     a failure; when true such entries are listed but do not fail the comparison
 * @param only globs (as in {@link TolerancePolicy#compile}) selecting the reference entries to compare by name;
 *     empty selects every entry. Entries not selected are neither compared nor counted as missing.
 */
public record CompareOptions(MappingRules rules, TolerancePolicy policy, String stepModule, boolean allowMissing,
                             List<String> only) {
    public static final String DEFAULT_STEP_MODULE = "flow.decoder.estimator";

    public CompareOptions {
        only = List.copyOf(only);
        only.forEach(TolerancePolicy::compile); // a bad pattern fails here, before any work
    }

    public static CompareOptions defaults() {
        return new CompareOptions(MappingRules.NONE, TolerancePolicy.of(Tolerance.DEFAULT), DEFAULT_STEP_MODULE,
                false, List.of());
    }

    public CompareOptions withRules(MappingRules r) {
        return new CompareOptions(r, policy, stepModule, allowMissing, only);
    }

    public CompareOptions withPolicy(TolerancePolicy p) {
        return new CompareOptions(rules, p, stepModule, allowMissing, only);
    }

    /** A copy where missing entries are listed but do not fail ({@code --allow-missing}). */
    public CompareOptions withAllowMissing(boolean allow) {
        return new CompareOptions(rules, policy, stepModule, allow, only);
    }

    /** A copy comparing only reference entries whose name matches one of {@code globs} ({@code --only}). */
    public CompareOptions withOnly(List<String> globs) {
        return new CompareOptions(rules, policy, stepModule, allowMissing, globs);
    }

    /** Whether {@code ref} is selected by {@link #only()}. */
    public boolean selects(TraceEntry ref) {
        if (only.isEmpty()) {
            return true;
        }
        for (String g : only) {
            if (TolerancePolicy.compile(g).matcher(ref.name()).matches()) {
                return true;
            }
        }
        return false;
    }
}
