package dev.parity.port.hift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.port.audio.SampleRates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hyper-parameters of {@code HiFTGenerator} and its {@code ConvRNNF0Predictor}, named as upstream.
 * {@link #fullSize()} holds the values S3Gen really uses (chatterbox {@code s3gen.py}).
 */
public record HiFTConfig(
        int in_channels,
        int base_channels,
        int nb_harmonics,
        int sampling_rate,
        double nsf_alpha,
        double nsf_sigma,
        double nsf_voiced_threshold,
        List<Integer> upsample_rates,
        List<Integer> upsample_kernel_sizes,
        int n_fft,
        int hop_len,
        List<Integer> resblock_kernel_sizes,
        List<List<Integer>> resblock_dilation_sizes,
        List<Integer> source_resblock_kernel_sizes,
        List<List<Integer>> source_resblock_dilation_sizes,
        double lrelu_slope,
        double audio_limit,
        int f0_num_class,
        int f0_in_channels,
        int f0_cond_channels) {

    public HiFTConfig {
        upsample_rates = List.copyOf(upsample_rates);
        upsample_kernel_sizes = List.copyOf(upsample_kernel_sizes);
        resblock_kernel_sizes = List.copyOf(resblock_kernel_sizes);
        resblock_dilation_sizes = copy2(resblock_dilation_sizes);
        source_resblock_kernel_sizes = List.copyOf(source_resblock_kernel_sizes);
        source_resblock_dilation_sizes = copy2(source_resblock_dilation_sizes);
        if (upsample_rates.size() != upsample_kernel_sizes.size()
                || upsample_rates.size() != source_resblock_kernel_sizes.size()
                || source_resblock_kernel_sizes.size() != source_resblock_dilation_sizes.size()
                || resblock_kernel_sizes.size() != resblock_dilation_sizes.size()) {
            throw new IllegalArgumentException("inconsistent HiFT list lengths: upsample_rates " + upsample_rates
                    + ", upsample_kernel_sizes " + upsample_kernel_sizes + ", source_resblock_kernel_sizes "
                    + source_resblock_kernel_sizes + ", resblock_kernel_sizes " + resblock_kernel_sizes);
        }
    }

    private static final List<List<Integer>> DIL = List.of(List.of(1, 3, 5), List.of(1, 3, 5), List.of(1, 3, 5));

    /** The real S3Gen vocoder: 512 base channels, upsample 8·5·3, iSTFT 16/4, 24 kHz. */
    public static HiFTConfig fullSize() {
        return new HiFTConfig(80, 512, 8, SampleRates.S3GEN_SR, 0.1, 0.003, 10, List.of(8, 5, 3), List.of(16, 11, 7), 16, 4,
                List.of(3, 7, 11), DIL, List.of(7, 7, 11), DIL, 0.1, 0.99, 1, 80, 512);
    }

    /** Reads {@code model.hift} of a reference dump's {@code config.json}; absent fields keep full-size values. */
    public static HiFTConfig fromConfigJson(Path configJson) {
        try {
            JsonNode root = new ObjectMapper().readTree(configJson.toFile());
            JsonNode hift = root.path("model").path("hift");
            if (hift.isMissingNode()) {
                throw new IllegalArgumentException(configJson + ": no model.hift object");
            }
            return fromJson(hift);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + configJson, e);
        }
    }

    /** Builds from a {@code model.hift} JSON object; absent fields keep full-size values. */
    public static HiFTConfig fromJson(JsonNode h) {
        HiFTConfig d = fullSize();
        JsonNode f0 = h.path("f0_predictor");
        JsonNode istft = h.path("istft_params");
        return new HiFTConfig(
                h.path("in_channels").asInt(d.in_channels),
                h.path("base_channels").asInt(d.base_channels),
                h.path("nb_harmonics").asInt(d.nb_harmonics),
                h.path("sampling_rate").asInt(d.sampling_rate),
                h.path("nsf_alpha").asDouble(d.nsf_alpha),
                h.path("nsf_sigma").asDouble(d.nsf_sigma),
                h.path("nsf_voiced_threshold").asDouble(d.nsf_voiced_threshold),
                ints(h.path("upsample_rates"), d.upsample_rates),
                ints(h.path("upsample_kernel_sizes"), d.upsample_kernel_sizes),
                istft.path("n_fft").asInt(d.n_fft),
                istft.path("hop_len").asInt(d.hop_len),
                ints(h.path("resblock_kernel_sizes"), d.resblock_kernel_sizes),
                ints2(h.path("resblock_dilation_sizes"), d.resblock_dilation_sizes),
                ints(h.path("source_resblock_kernel_sizes"), d.source_resblock_kernel_sizes),
                ints2(h.path("source_resblock_dilation_sizes"), d.source_resblock_dilation_sizes),
                h.path("lrelu_slope").asDouble(d.lrelu_slope),
                h.path("audio_limit").asDouble(d.audio_limit),
                f0.path("num_class").asInt(d.f0_num_class),
                f0.path("in_channels").asInt(d.f0_in_channels),
                f0.path("cond_channels").asInt(d.f0_cond_channels));
    }

    /** Samples per mel frame: prod(upsample_rates) · hop_len (480 for S3Gen). */
    public int upsampleScale() {
        int s = hop_len;
        for (int u : upsample_rates) {
            s *= u;
        }
        return s;
    }

    /** Number of STFT bins, n_fft/2 + 1. */
    public int nBins() {
        return n_fft / 2 + 1;
    }

    private static List<Integer> ints(JsonNode n, List<Integer> dflt) {
        if (!n.isArray()) {
            return dflt;
        }
        List<Integer> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asInt()));
        return out;
    }

    private static List<List<Integer>> ints2(JsonNode n, List<List<Integer>> dflt) {
        if (!n.isArray()) {
            return dflt;
        }
        List<List<Integer>> out = new ArrayList<>();
        n.forEach(v -> out.add(ints(v, List.of())));
        return out;
    }

    private static List<List<Integer>> copy2(List<List<Integer>> l) {
        return l.stream().map(List::copyOf).toList();
    }
}
