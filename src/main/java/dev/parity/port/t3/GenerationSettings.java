package dev.parity.port.t3;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sampler settings of {@code T3.inference} as {@code ChatterboxTTS.generate} passes them.
 *
 * @param max_new_tokens the loop's step limit (generate: 1000)
 */
public record GenerationSettings(double temperature, double cfg_weight, double repetition_penalty, double min_p,
        double top_p, int max_new_tokens) {
    public GenerationSettings {
        if (!(temperature > 0) || cfg_weight < 0 || !(repetition_penalty > 0) || min_p < 0 || min_p > 1
                || !(top_p > 0) || top_p > 1 || max_new_tokens < 1) {
            throw new IllegalArgumentException("generation settings out of range: temperature " + temperature
                    + " (> 0), cfg_weight " + cfg_weight + " (≥ 0), repetition_penalty " + repetition_penalty
                    + " (> 0), min_p " + min_p + " [0, 1], top_p " + top_p + " (0, 1], max_new_tokens "
                    + max_new_tokens + " (≥ 1)");
        }
    }

    /** {@code ChatterboxTTS.generate}'s defaults. */
    public static GenerationSettings generateDefaults() {
        return new GenerationSettings(0.8, 0.5, 1.2, 0.05, 1.0, 1000);
    }

    /** A dump's {@code config.json}: {@code "generate"} and {@code "counts".max_new_tokens}. */
    public static GenerationSettings fromJson(JsonNode config) {
        JsonNode g = config.path("generate");
        GenerationSettings d = generateDefaults();
        return new GenerationSettings(g.path("temperature").asDouble(d.temperature()),
                g.path("cfg_weight").asDouble(d.cfg_weight()),
                g.path("repetition_penalty").asDouble(d.repetition_penalty()), g.path("min_p").asDouble(d.min_p()),
                g.path("top_p").asDouble(d.top_p()), config.path("counts").path("max_new_tokens")
                        .asInt(d.max_new_tokens()));
    }

    public GenerationSettings withMaxNewTokens(int n) {
        return new GenerationSettings(temperature, cfg_weight, repetition_penalty, min_p, top_p, n);
    }
}
