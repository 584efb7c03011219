package dev.parity.port.nn;

import java.util.List;

/**
 * The one table of weight-name translation: how a parameter a module asks for is stored in an upstream
 * checkpoint. One line per rule; {@code {p}} is the module path.
 */
public final class WeightNames {
    /** A stored form of one logical parameter. */
    public record Rule(String parameter, List<String> storedAs, String meaning) {
    }

    /** Weight norm (torch.nn.utils.parametrizations.weight_norm, dim 0): W = g·v/‖v‖. */
    public static final Rule WEIGHT_NORM = new Rule("{p}.weight",
            List.of("{p}.parametrizations.weight.original0", "{p}.parametrizations.weight.original1"),
            "g (dim0, 1, ..), v (same shape as W); norm over every axis but 0, no eps");

    /** Every rule, for documentation and audits. */
    public static final List<Rule> RULES = List.of(WEIGHT_NORM);

    private WeightNames() {
    }

    /** The key of {@code g} for the weight-normed layer at {@code path}. */
    public static String weightNormG(String path) {
        return WEIGHT_NORM.storedAs().get(0).replace("{p}", path);
    }

    /** The key of {@code v} for the weight-normed layer at {@code path}. */
    public static String weightNormV(String path) {
        return WEIGHT_NORM.storedAs().get(1).replace("{p}", path);
    }
}
