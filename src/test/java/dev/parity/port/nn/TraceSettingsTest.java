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

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "flow.encoder.**, flow.encoder, 0, -, false",
        "flow.encoder.**, flow.encoder.encoders.0.self_attn, 7, -, true",
        "flow.encoder.**, flow.encoder.encoders.0.self_attn, 7, mask, true",
        "flow.encoder.**, flow.encoder_proj, 0, -, false",
        "flow.decoder.estimator.*_blocks.*, flow.decoder.estimator.down_blocks.0, 3, -, true",
        "flow.decoder.estimator.*_blocks.*, flow.decoder.estimator.down_blocks.0.1, 3, -, false",
        "**, mel2wav.f0_predictor, 0, -, true",
        "re:.*attn1$, flow.decoder.estimator.mid_blocks.0.1.0.attn1, 9, -, true",
        "re:.*attn1$, flow.decoder.estimator.mid_blocks.0.1.0.attn1.to_q, 9, -, false"})
    void recordsTheModulesAGlobNames(String glob, String name, int call, String arg, boolean kept) {
        assertEquals(kept, TraceSettings.modules(java.util.List.of(glob)).keeps(name, "Linear", call, arg));
    }

    @org.junit.jupiter.api.Test
    void noPatternOrABadRegexIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TraceSettings.modules(java.util.List.of()));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TraceSettings.modules(java.util.List.of("re:flow.(")));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("flow.("), e.getMessage());
    }
}
