package dev.parity.compare;

/**
 * How to compare two traces.
 *
 * @param stepModule the module whose call index is the ODE step (entries under it are grouped by step)
 */
public record CompareOptions(MappingRules rules, TolerancePolicy policy, String stepModule) {
    public static final String DEFAULT_STEP_MODULE = "flow.decoder.estimator";

    public static CompareOptions defaults() {
        return new CompareOptions(MappingRules.NONE, TolerancePolicy.of(Tolerance.DEFAULT), DEFAULT_STEP_MODULE);
    }

    public CompareOptions withRules(MappingRules r) {
        return new CompareOptions(r, policy, stepModule);
    }

    public CompareOptions withPolicy(TolerancePolicy p) {
        return new CompareOptions(rules, p, stepModule);
    }
}
