package dev.parity.port.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.io.FormatException;
import dev.parity.io.Npy;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.NoiseSource;
import dev.parity.port.nn.TraceSettings;
import dev.parity.port.s3gen.FlowConfig;
import dev.parity.port.t3.GenerationSettings;
import dev.parity.port.t3.T3Config;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A reference dump as a run needs it: {@code config.json} (model hyper-parameters, steps, trace settings),
 * {@code weights.safetensors}, {@code inputs/*.npy} and the recorded random draws of {@code manifest.json}.
 * Every problem is a {@link FormatException} naming the file.
 */
public final class ReferenceDump {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final JsonNode config;
    private final Trace trace;

    private ReferenceDump(Path dir, JsonNode config, Trace trace) {
        this.dir = dir;
        this.config = config;
        this.trace = trace;
    }

    /** Opens and checks a dump directory. */
    public static ReferenceDump open(Path given) {
        Path dir = given.toAbsolutePath().normalize(); // TraceReader refuses relative '..' paths
        if (!Files.isDirectory(dir)) {
            throw new FormatException(dir, "not a directory");
        }
        Path cfg = dir.resolve("config.json");
        dev.parity.io.InputFiles.requireRegular(cfg, "a JSON file"); // a FIFO would hang the reader
        JsonNode config;
        try {
            config = JSON.readTree(cfg.toFile());
        } catch (IOException e) {
            throw new FormatException(cfg, "cannot read: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (config == null || !config.isObject()) {
            throw new FormatException(cfg, "not a JSON object");
        }
        if (config.path("meanflow").asBoolean(false)) {
            throw new FormatException(cfg, "\"meanflow\": true (turbo S3Gen) is not supported by this port");
        }
        if (!Files.isRegularFile(dir.resolve("weights.safetensors"))) {
            throw new FormatException(dir.resolve("weights.safetensors"), "missing");
        }
        return new ReferenceDump(dir, config, TraceReader.read(dir));
    }

    public Path dir() {
        return dir;
    }

    public Path weights() {
        return dir.resolve("weights.safetensors");
    }

    public Trace trace() {
        return trace;
    }

    /** The flow hyper-parameters of {@code config.json "model"}. */
    public FlowConfig flowConfig() {
        try {
            return FlowConfig.fromJson(config.path("model"));
        } catch (IllegalArgumentException e) {
            throw new FormatException(dir.resolve("config.json"), e.getMessage(), e);
        }
    }

    /** {@code config.json "model"} as JSON (for stages configured elsewhere, e.g. the vocoder). */
    public JsonNode modelJson() {
        return config.path("model");
    }

    /** {@code n_cfm_timesteps}, default 10. */
    public int nTimesteps() {
        return config.path("n_cfm_timesteps").asInt(10);
    }

    /** The recording settings of {@code config.json "trace"}, or record-everything when absent. */
    public TraceSettings traceSettings() {
        JsonNode t = config.get("trace");
        return t == null ? TraceSettings.ALL : TraceSettings.fromJson(t);
    }

    /** The recorded random draws. */
    public NoiseSource noise() {
        return new RecordedNoise(trace);
    }

    /** True for a T3 dump: {@code config.json "model"} holds {@code t3_config}. */
    public boolean isT3() {
        return config.path("model").has("t3_config");
    }

    /** The T3 hyper-parameters of {@code config.json "model"}. */
    public T3Config t3Config() {
        try {
            return T3Config.fromJson(config.path("model"));
        } catch (IllegalArgumentException e) {
            throw new FormatException(dir.resolve("config.json"), e.getMessage(), e);
        }
    }

    /** The sampler settings of {@code config.json "generate"} and {@code "counts".max_new_tokens}. */
    public GenerationSettings generation() {
        try {
            return GenerationSettings.fromJson(config);
        } catch (IllegalArgumentException e) {
            throw new FormatException(dir.resolve("config.json"), e.getMessage(), e);
        }
    }

    /** A T3 dump's {@code inputs/*.npy}, checked against the vocabularies and sizes of {@code config.json}. */
    public T3Inputs t3Inputs() {
        T3Config.Hp hp = t3Config().hp();
        Tensor text = tokens("text_tokens", hp.text_tokens_dict_size());
        Tensor prompt = tokens("cond_prompt_speech_tokens", hp.speech_tokens_dict_size());
        Tensor speaker = input("speaker_emb", 2);
        Tensor emotion = input("emotion_adv", 3);
        expectShape("speaker_emb", speaker, 1, hp.speaker_embed_size());
        expectShape("emotion_adv", emotion, 1, 1, 1);
        if (text.shape().dim(0) != 2) {
            throw new FormatException(inputFile("text_tokens"), "expected 2 rows (the CFG batch), found shape "
                    + text.shape());
        }
        expectShape("cond_prompt_speech_tokens", prompt, 1, Math.max(1, prompt.shape().dim(1)));
        return new T3Inputs(text, speaker, prompt, emotion);
    }

    /** {@code inputs/*.npy}. */
    public TokenInputs inputs() {
        FlowConfig.Flow f = flowConfig().flow();
        Tensor speech = tokens("speech_tokens", f.vocab_size());
        Tensor prompt = tokens("prompt_token", f.vocab_size());
        long np = prompt.shape().dim(1);
        Tensor promptLen = input("prompt_token_len", 1);
        Tensor feat = input("prompt_feat", 3);
        Tensor embedding = input("embedding", 2);
        expectShape("speech_tokens", speech, 1, Math.max(1, speech.shape().dim(1)));
        expectShape("prompt_token_len", promptLen, 1);
        if (promptLen.getLong(0) != np) {
            throw new FormatException(inputFile("prompt_token_len"), "holds " + promptLen.getLong(0)
                    + " but prompt_token.npy has " + np + " tokens");
        }
        expectShape("prompt_feat", feat, 1, f.token_mel_ratio() * np, f.output_size());
        expectShape("embedding", embedding, 1, f.spk_embed_dim());
        return new TokenInputs(speech, prompt, promptLen, feat, embedding);
    }

    /** Fails, naming the file, when {@code t} does not have exactly the expected shape. */
    private void expectShape(String name, Tensor t, long... dims) {
        Shape want = new Shape(dims);
        if (!t.shape().equals(want)) {
            throw new FormatException(inputFile(name), "expected shape " + want + " (from config.json and the "
                    + "prompt length), found " + t.shape());
        }
    }

    private Path inputFile(String name) {
        return dir.resolve("inputs").resolve(name + ".npy");
    }

    /** Token ids must lie in [0, vocab): upstream HEAD would fail inside the embedding. */
    private Tensor tokens(String name, int vocab) {
        Tensor t = input(name, 2);
        for (long i = 0; t.dtype().isFloating() && i < t.numel(); i++) { // ids stored as floats must be whole
            double v = t.getDouble(i);
            if (v != Math.rint(v) || Double.isInfinite(v)) {
                throw new FormatException(inputFile(name), "token id " + v + " at position " + i
                        + " is not an integer");
            }
        }
        long[] ids = t.toLongArray();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new FormatException(dir.resolve("inputs").resolve(name + ".npy"), "token id " + ids[i]
                        + " at position " + i + " is outside [0, " + vocab + ")");
            }
        }
        return t;
    }

    private Tensor input(String name, int rank) {
        Path f = dir.resolve("inputs").resolve(name + ".npy");
        if (!Files.isRegularFile(f)) {
            throw new FormatException(f, "missing input file");
        }
        Tensor t = Npy.read(f);
        if (t.shape().rank() != rank) {
            throw new FormatException(f, "expected rank " + rank + ", found shape " + t.shape());
        }
        return t;
    }
}
