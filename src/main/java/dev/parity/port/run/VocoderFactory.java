package dev.parity.port.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.port.nn.Weights;
import dev.parity.port.s3gen.Vocoder;

/** Builds the vocoder stage from the same checkpoint ({@code mel2wav.*}) and the run's {@code model} JSON. */
@FunctionalInterface
public interface VocoderFactory {
    Vocoder create(Weights weights, JsonNode model);
}
