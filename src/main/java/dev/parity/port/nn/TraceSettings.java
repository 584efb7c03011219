package dev.parity.port.nn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.compare.TolerancePolicy;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which calls a run records, as in a reference's {@code config.json "trace"} section: only the first
 * {@code maxCallsPerModule} calls of a module unless its name matches {@code always}; named arguments and tuple
 * outputs only for names matching {@code allArgs}; nothing for module types matching {@code excludeTypes}.
 * Patterns are searched (Python {@code re.search}), not fully matched. Null patterns match nothing.
 */
public record TraceSettings(int maxCallsPerModule, Pattern always, Pattern allArgs, Pattern excludeTypes) {
    /** Record everything. */
    public static final TraceSettings ALL = new TraceSettings(Integer.MAX_VALUE, null, Pattern.compile(""), null);

    /**
     * Every call and argument of the modules whose dotted path matches one of {@code patterns} in full: globs as
     * in tolerance rules ({@code *} within one path segment, {@code **} across segments, {@code ?} one character)
     * or {@code re:REGEX}. {@code **} alone records everything.
     *
     * @throws IllegalArgumentException when {@code patterns} is empty or a regex does not compile
     */
    public static TraceSettings modules(List<String> patterns) {
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("no module patterns to record");
        }
        if (patterns.contains("**")) {
            return ALL;
        }
        try {
            Pattern any = Pattern.compile(patterns.stream()
                    .map(p -> "^(?:" + TolerancePolicy.compile(p).pattern() + ")$").collect(Collectors.joining("|")));
            return new TraceSettings(0, any, any, null);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("bad module pattern: " + e.getDescription() + " in '"
                    + e.getPattern() + "'", e);
        }
    }

    /** The settings of a {@code "trace"} JSON object; absent fields mean "no limit" / "match nothing". */
    public static TraceSettings fromJson(JsonNode trace) {
        int max = trace.path("max_calls_per_module").asInt(Integer.MAX_VALUE);
        return new TraceSettings(max, pattern(trace.get("always")), pattern(trace.get("all_args")),
                pattern(trace.get("exclude_types")));
    }

    private static Pattern pattern(JsonNode n) {
        return n == null || n.isNull() ? null : Pattern.compile(n.asText());
    }

    /** True when an entry of this module, call and arg would be recorded. */
    public boolean keeps(String name, String moduleType, int call, String arg) {
        if (excludeTypes != null && excludeTypes.matcher(moduleType).find()) {
            return false;
        }
        if (arg != null && (allArgs == null || !allArgs.matcher(name).find())) {
            return false;
        }
        return call < maxCallsPerModule || (always != null && always.matcher(name).find());
    }
}
