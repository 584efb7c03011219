package dev.parity.port.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reference's recording rules, case by case (settings as in the small dump's config.json). */
class TraceSettingsTest {
    static final String JSON = """
            {"max_calls_per_module": 2,
             "exclude_types": "^(Dropout|Identity|Transpose|Sequential)$",
             "always": "^flow\\\\.decoder(\\\\.estimator)?$|\\\\(\\\\)$|^flow\\\\.encoder$",
             "all_args": "^flow\\\\.decoder(\\\\.estimator)?$|\\\\(\\\\)$|transformer_blocks"}
            """;

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "flow.encoder_proj, Linear, 0, -, true",
        "flow.encoder_proj, Linear, 1, -, true",
        "flow.encoder_proj, Linear, 2, -, false",
        "flow.decoder.estimator, ConditionalDecoder, 9, -, true",
        "flow.decoder.estimator, ConditionalDecoder, 9, mask, true",
        "flow.inference(), method:X.inference, 5, token_len, true",
        "flow.encoder_proj, Linear, 0, mask, false",
        "flow.x.transformer_blocks.0, BasicTransformerBlock, 1, timestep, true",
        "flow.x.transformer_blocks.0, BasicTransformerBlock, 2, timestep, false",
        "flow.x.drop, Dropout, 0, -, false",
        "flow.x.nodrop, DropoutX, 0, -, true"})
    void keeps(String name, String type, int call, String arg, boolean kept) throws Exception {
        TraceSettings s = TraceSettings.fromJson(new ObjectMapper().readTree(JSON));
        assertEquals(kept, s.keeps(name, type, call, arg));
    }
}
