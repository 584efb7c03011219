package dev.parity.port.hift;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.port.nn.Activations;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.ConvTranspose1d;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.TracedMethod;
import dev.parity.port.s3gen.Vocoder;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.ReflectionPad1d;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Upsample;
import dev.parity.port.nn.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream {@code HiFTGenerator} ({@code mel2wav}): HiFTNet = neural source filter + iSTFTNet. mel → f0
 * ({@link ConvRNNF0Predictor}) → per-sample f0 (nearest ×480) → harmonic source ({@link SourceModuleHnNSF}) →
 * {@link #decode}: conv_pre, three [leaky_relu 0.1 → ConvTranspose1d (→ ReflectionPad1d((1,0)) after the last)
 * + source_resblock(source_down(STFT(s))) → mean of 3 ResBlocks] stages, leaky_relu 0.01, conv_post →
 * exp-magnitude (≤ 100) and sin-phase → iSTFT → clamp ±audio_limit.
 *
 * <p>Stage injection: {@link Injection} replaces the f0 and/or the source signal downstream of the modules that
 * produce them; those modules still run (and are traced) so a trace stays complete.
 */
public final class HiFTGenerator extends Module implements Vocoder {
    final HiFTConfig config;
    final SourceModuleHnNSF m_source;
    final Upsample f0_upsamp;
    final Conv1d conv_pre;
    final List<ConvTranspose1d> ups = new ArrayList<>();
    final List<Conv1d> source_downs = new ArrayList<>();
    final List<ResBlock> source_resblocks = new ArrayList<>();
    final List<ResBlock> resblocks = new ArrayList<>();
    final Conv1d conv_post;
    final ReflectionPad1d reflection_pad;
    final ConvRNNF0Predictor f0_predictor;
    final Stft stft; // holds stft_window
    final int num_kernels;
    final int num_upsamples;
    private final TracedMethod inferenceMethod;
    private final TracedMethod decodeMethod;
    private final TracedMethod stftMethod;
    private final TracedMethod istftMethod;

    /** Values that replace what the model computes, from the reference (or null to compute). */
    public record Injection(NDArray f0, NDArray source) {
        /** Nothing injected: the whole vocoder runs from the mel. */
        public static final Injection NONE = new Injection(null, null);
    }

    /** Builds the vocoder at {@code path} (normally {@code mel2wav}) taking every parameter from {@code w}. */
    public HiFTGenerator(String path, HiFTConfig config, Weights w) {
        super(path);
        this.config = config;
        this.num_kernels = config.resblock_kernel_sizes().size();
        this.num_upsamples = config.upsample_rates().size();
        int scale = config.upsampleScale();
        this.m_source = new SourceModuleHnNSF(child("m_source"), w, config.sampling_rate(), scale,
                config.nb_harmonics(), config.nsf_alpha(), config.nsf_sigma(), config.nsf_voiced_threshold());
        this.f0_upsamp = new Upsample(child("f0_upsamp"), scale);
        int base = config.base_channels();
        this.conv_pre = new Conv1d(child("conv_pre"), w,
                ConvSpec.of(config.in_channels(), base, 7).padding(3).weightNormed());
        buildUps(w);
        buildSourceBranch(w);
        buildResblocks(w);
        int ch = base >> num_upsamples;
        this.conv_post = new Conv1d(child("conv_post"), w,
                ConvSpec.of(ch, config.n_fft() + 2, 7).padding(3).weightNormed());
        this.reflection_pad = new ReflectionPad1d(child("reflection_pad"), 1, 0);
        this.stft = new Stft(config.n_fft(), config.hop_len());
        this.f0_predictor = new ConvRNNF0Predictor(child("f0_predictor"), w, config.f0_num_class(),
                config.f0_in_channels(), config.f0_cond_channels());
        this.inferenceMethod = new TracedMethod(path, "HiFTGenerator", "inference");
        this.decodeMethod = new TracedMethod(path, "HiFTGenerator", "decode");
        this.stftMethod = new TracedMethod(path, "HiFTGenerator", "_stft");
        this.istftMethod = new TracedMethod(path, "HiFTGenerator", "_istft");
    }

    /**
     * Builds the vocoder and checks the checkpoint strictly: every parameter present with its shape
     * ({@link Weights#finish()}), and no key under {@code path + "."} left unused.
     *
     * @throws dev.parity.port.nn.WeightLoadException or IllegalArgumentException naming the offending keys
     */
    public static HiFTGenerator load(String path, HiFTConfig config, Weights w) {
        HiFTGenerator g = new HiFTGenerator(path, config, w);
        w.finish();
        List<String> unexpected = w.unusedKeys().stream().filter(k -> k.startsWith(path + ".")).toList();
        if (!unexpected.isEmpty()) {
            throw new IllegalArgumentException("checkpoint has " + unexpected.size() + " key(s) under '" + path
                    + ".' that the vocoder does not have: " + unexpected);
        }
        return g;
    }

    /**
     * The vocoder of an S3Gen run (shape of {@code dev.parity.port.run.VocoderFactory}): hyper-parameters from
     * {@code model.hift} of a run's config (full-size values where absent), path {@code mel2wav}. Strictness is
     * left to the caller's {@link Weights#finish()}.
     */
    public static HiFTGenerator create(Weights w, JsonNode model) {
        JsonNode hift = model.path("hift");
        HiFTConfig cfg = hift.isObject() ? HiFTConfig.fromJson(hift) : HiFTConfig.fullSize();
        return new HiFTGenerator("mel2wav", cfg, w);
    }

    private void buildUps(Weights w) {
        for (int i = 0; i < num_upsamples; i++) {
            int u = config.upsample_rates().get(i);
            int k = config.upsample_kernel_sizes().get(i);
            ConvSpec spec = ConvSpec.of(config.base_channels() >> i, config.base_channels() >> (i + 1), k)
                    .stride(u).padding((k - u) / 2).weightNormed();
            ups.add(new ConvTranspose1d(child("ups." + i), w, spec));
        }
    }

    /** source_downs bring the STFT frame rate down to each stage's rate; cumulative rates reversed. */
    private void buildSourceBranch(Weights w) {
        List<Integer> rates = config.upsample_rates();
        int[] cum = new int[num_upsamples]; // cumprod([1] + rates[::-1][:-1]), read in reverse below
        cum[0] = 1;
        for (int i = 1; i < num_upsamples; i++) {
            cum[i] = cum[i - 1] * rates.get(num_upsamples - i);
        }
        int in = config.n_fft() + 2;
        for (int i = 0; i < num_upsamples; i++) {
            int u = cum[num_upsamples - 1 - i];
            int ch = config.base_channels() >> (i + 1);
            ConvSpec spec = u == 1 ? ConvSpec.of(in, ch, 1) : ConvSpec.of(in, ch, u * 2).stride(u).padding(u / 2);
            source_downs.add(new Conv1d(child("source_downs." + i), w, spec));
            source_resblocks.add(new ResBlock(child("source_resblocks." + i), w, ch,
                    config.source_resblock_kernel_sizes().get(i), config.source_resblock_dilation_sizes().get(i)));
        }
    }

    private void buildResblocks(Weights w) {
        for (int i = 0; i < num_upsamples; i++) {
            int ch = config.base_channels() >> (i + 1);
            for (int j = 0; j < num_kernels; j++) {
                resblocks.add(new ResBlock(child("resblocks." + resblocks.size()), w, ch,
                        config.resblock_kernel_sizes().get(j), config.resblock_dilation_sizes().get(j)));
            }
        }
    }

    public HiFTConfig config() {
        return config;
    }

    /**
     * Upstream {@code inference(speech_feat, cache_source)}.
     *
     * @param speech_feat mel (B, in_channels, T)
     * @param cache_source (1, 1, n) source samples that overwrite the start of the source, or null for none
     * @return [generated_speech (B, T·480), s (B, 1, T·480)]
     * @throws IllegalArgumentException when the mel is not (B, in_channels, T) with T ≥ 1
     */
    public NDList inference(RunContext ctx, RandomDraws draws, NDArray speech_feat, NDArray cache_source,
            Injection inject) {
        checkMel(speech_feat);
        Call c = inferenceMethod.start(ctx).in(speech_feat).in("cache_source", cache_source);
        NDArray f0 = f0_predictor.forward(ctx, speech_feat); // (B, T)
        if (inject.f0() != null) {
            f0 = checkedLike("injected f0", inject.f0(), f0);
        }
        NDArray s = f0_upsamp.forward(ctx, f0.expandDims(1)).transpose(0, 2, 1); // (B, L, 1)
        s = m_source.forward(ctx, draws, s).get(0).transpose(0, 2, 1); // (B, 1, L)
        if (inject.source() != null) {
            s = checkedLike("injected source", inject.source(), s);
        }
        s = applyCache(s, cache_source); // (B, 1, L)
        NDArray generated_speech = decode(ctx, speech_feat, s); // (B, L)
        return new NDList(c.out(generated_speech), c.out("1", s));
    }

    /** {@link Vocoder}: {@code inference(speech_feat)} with the default empty cache_source and nothing injected. */
    @Override
    public NDArray[] inference(RunContext ctx, NDArray speechFeat, RandomDraws draws) {
        NDArray cache = ctx.tracing() ? speechFeat.getManager().zeros(new Shape(1, 1, 0)) : null; // (1, 1, 0)
        NDList out = inference(ctx, draws, speechFeat, cache, Injection.NONE);
        return new NDArray[] {out.get(0), out.get(1)};
    }

    private void checkMel(NDArray mel) {
        long[] s = mel.getShape().getShape();
        if (s.length != 3 || s[1] != config.in_channels() || s[2] < 1) {
            throw new IllegalArgumentException(path() + ": mel must be (B, " + config.in_channels()
                    + ", T) with T ≥ 1, got shape " + mel.getShape());
        }
    }

    private static NDArray checkedLike(String what, NDArray given, NDArray computed) {
        if (!given.getShape().equals(computed.getShape())) {
            throw new IllegalArgumentException(what + " has shape " + given.getShape() + " but the model made "
                    + computed.getShape());
        }
        return given;
    }

    private static NDArray applyCache(NDArray s, NDArray cache) {
        if (cache == null || cache.getShape().get(2) == 0) {
            return s;
        }
        long n = cache.getShape().get(2);
        long len = s.getShape().get(2);
        if (n > len) {
            throw new IllegalArgumentException("cache_source has " + n + " samples, the source only " + len);
        }
        return NDArrays.concat(new NDList(cache, s.get(new NDIndex(":, :, {}:", n))), 2);
    }

    /**
     * Upstream {@code decode(x, s)}: mel + source → waveform.
     *
     * @param x mel (B, in_channels, T)
     * @param s source (B, 1, L), L = 480·T
     * @return (B, L), clamped to ±audio_limit
     */
    public NDArray decode(RunContext ctx, NDArray x, NDArray s) {
        Call c = decodeMethod.start(ctx).in(x).in("s", s);
        NDList spec = _stft(ctx, s.squeeze(1)); // [(B, 9, F), (B, 9, F)]
        NDArray s_stft = NDArrays.concat(spec, 1); // (B, 18, F)
        x = conv_pre.forward(ctx, x); // (B, base, T)
        for (int i = 0; i < num_upsamples; i++) {
            x = stage(ctx, i, x, s_stft); // (B, base/2^(i+1), T_i)
        }
        x = Activations.leakyRelu(x, 0.01); // F.leaky_relu default slope
        x = conv_post.forward(ctx, x); // (B, n_fft + 2, F)
        int bins = config.nBins();
        NDArray magnitude = x.get(new NDIndex(":, :{}, :", bins)).exp(); // (B, 9, F)
        NDArray phase = x.get(new NDIndex(":, {}:, :", bins)).sin(); // (B, 9, F)
        NDArray y = _istft(ctx, magnitude, phase); // (B, L)
        double limit = config.audio_limit(); // rounded to float32 by torch on a float32 y
        return c.out(y.clip(-limit, limit));
    }

    /** One upsampling stage; its temporaries are freed on return. */
    private NDArray stage(RunContext ctx, int i, NDArray x, NDArray s_stft) {
        try (NDScope scope = new NDScope()) {
            NDArray y = stageBody(ctx, i, x, s_stft);
            NDScope.unregister(y);
            return y;
        }
    }

    private NDArray stageBody(RunContext ctx, int i, NDArray x, NDArray s_stft) {
        x = Activations.leakyRelu(x, config.lrelu_slope());
        x = ups.get(i).forward(ctx, x); // (B, C_i, T_i)
        if (i == num_upsamples - 1) {
            x = reflection_pad.forward(ctx, x); // (B, C_i, T_i + 1)
        }
        NDArray si = source_downs.get(i).forward(ctx, s_stft); // (B, C_i, T_i)
        si = source_resblocks.get(i).forward(ctx, si); // (B, C_i, T_i)
        x = x.add(si);
        NDArray xs = null;
        for (int j = 0; j < num_kernels; j++) {
            NDArray r = resblocks.get(i * num_kernels + j).forward(ctx, x); // (B, C_i, T_i)
            xs = xs == null ? r : xs.add(r); // not addi: r is a recorded output (TraceWriterSink)
        }
        return xs.div(num_kernels);
    }

    /** Upstream {@code _stft}: x (B, L) → [real (B, 9, L/4+1), imag (B, 9, L/4+1)]. */
    public NDList _stft(RunContext ctx, NDArray x) {
        Call c = stftMethod.start(ctx).in(x);
        NDList spec = stft.stft(x);
        return new NDList(c.out(spec.get(0)), c.out("1", spec.get(1)));
    }

    /** Upstream {@code _istft}: magnitude (clipped at 100) and phase (B, 9, F) → (B, 4·(F−1)). */
    public NDArray _istft(RunContext ctx, NDArray magnitude, NDArray phase) {
        Call c = istftMethod.start(ctx).in(magnitude).in("phase", phase);
        boolean sumW = ctx.faulty(Fault.ISTFT_SUM_W, child("_istft()")); // fault injection
        return c.out(stft.istft(magnitude, phase, sumW));
    }
}
