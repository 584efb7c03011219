package dev.parity.io;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON rules the readers share: duplicate keys and trailing content are errors, integers must fit. */
final class StrictJson {
    /** Parses with {@link StreamReadFeature#STRICT_DUPLICATE_DETECTION} and no trailing tokens. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * For streaming: duplicate keys are errors; trailing content is checked by the caller (the parser reads one
     * value at a time, so the mapper must not see the rest of the document as trailing).
     */
    static final ObjectMapper STREAMING = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StrictJson() {
    }

    /** An integer JSON number that fits a long (1.5 and 2^64 do not). */
    static boolean isLong(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong();
    }
}
