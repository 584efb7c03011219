package dev.parity.port.nn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * Which calls a run records, as in a reference's {@code config.json "trace"} section: only the first
 * {@code maxCallsPerModule} calls of a module unless its name matches {@code always}; named arguments and tuple
 * outputs only for names matching {@code allArgs}; nothing for module types matching {@code excludeTypes}.
 * Patterns are searched (Python {@code re.search}), not fully matched. Null patterns match nothing.
 */
public record TraceSettings(int maxCallsPerModule, Pattern always, Pattern allArgs, Pattern excludeTypes) {
    /** Record everything. */
    public static final TraceSettings ALL = new TraceSettings(Integer.MAX_VALUE, null, Pattern.compile(""), null);

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
