package dev.parity.ui;

import dev.parity.compare.CompareOptions;
import dev.parity.compare.MappingRules;
import dev.parity.compare.Statistic;
import dev.parity.compare.Tolerance;
import dev.parity.compare.TolerancePolicy;
import java.util.List;

/**
 * What the user typed in the mapping and tolerance editor, turned into {@link CompareOptions} by the compare
 * package's own parsers.
 *
 * @param rules mapping-rule lines ({@link MappingRules} syntax)
 * @param overrides per-layer tolerance lines {@code PATTERN = ATOL, RTOL}; blank lines and {@code #} comments
 *                  are ignored
 */
public record CompareSettings(String rules, double atol, double rtol, Statistic statistic, double quantile,
                              String overrides) {
    public static final CompareSettings DEFAULT = new CompareSettings("", Tolerance.DEFAULT.atol(),
            Tolerance.DEFAULT.rtol(), Statistic.ELEMENTWISE, 0.999, "");

    /**
     * @throws IllegalArgumentException naming the per-layer line that is wrong
     * @throws dev.parity.io.FormatException naming the mapping-rules line that is wrong
     */
    public CompareOptions toOptions() {
        MappingRules mapping = MappingRules.parse(java.nio.file.Path.of("mapping rules"), rules);
        Tolerance base = new Tolerance(atol, rtol, statistic, quantile);
        TolerancePolicy policy = TolerancePolicy.of(base);
        List<String> lines = overrides.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                policy = override(policy, base, line, i + 1);
            }
        }
        return CompareOptions.defaults().withRules(mapping).withPolicy(policy);
    }

    private static TolerancePolicy override(TolerancePolicy policy, Tolerance base, String line, int no) {
        int eq = line.lastIndexOf('=');
        String[] parts = eq < 0 ? new String[0] : line.substring(eq + 1).split(",");
        if (eq <= 0 || parts.length != 2) {
            throw new IllegalArgumentException("per-layer tolerances, line " + no
                    + ": expected PATTERN = ATOL, RTOL, found '" + line + "'");
        }
        try {
            Tolerance t = new Tolerance(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()),
                    base.statistic(), base.quantile());
            return policy.withOverride(line.substring(0, eq).strip(), t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("per-layer tolerances, line " + no + ": not a number in '"
                    + line + "'");
        }
    }
}
