package dev.parity.localize;

import dev.parity.io.FileTrees;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.FaultPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where each {@link Fault} is injected by default in S3Gen and what a diagnosis of that run must name: the
 * injection module itself ({@link Level#MODULE}) or, for faults that live between recorded points of a stage-level
 * call (the ODE solver, the decoder, the top-level inference), that call ({@link Level#STAGE}).
 *
 * <p>Two notes from running them on the small dump: {@code attention-mask-ignored} changes nothing there (batch 1,
 * no padding: the bias is exactly 0), so its diagnosis is rightly "no divergence"; and a LayerNorm eps of 1e-5
 * instead of 1e-12 in the conformer layers (input variance ≈ 90) moves the output by ≈ 5e-8, below the float32
 * floor (2.6e-7), so the catalog places {@code layernorm-eps} in {@code embed.out.1} (variance ≈ 1, effect 5e-6).
 * In the conformer layers it is still found by {@code diagnose --tolerance-from self}, whose float64 re-run of the
 * candidate has no float32 rounding ({@link Birth.Basis#FLOAT64_RUN}).
 * {@code float16-decoder} holds the decoder's state, conditions and velocities in float16 (a round trip at each
 * step) rather than running its kernels in half precision; {@code conv-transpose-padding} crops the two extra
 * samples at the end so the stage lengths still match (the usual "fix" that lets such a port run).
 */
public final class FaultCatalog {
    /** Whether the culprit is one module or a stage-level call. */
    public enum Level { MODULE, STAGE }

    /** Default module and level per fault. */
    public record Placement(String module, Level level) {
    }

    private static final String ATTN = "flow.decoder.estimator.mid_blocks.0.1.0.attn1";
    private static final Map<Fault, Placement> DEFAULTS = Map.ofEntries(
            Map.entry(Fault.CONV_TRANSPOSED, module("flow.encoder.pre_lookahead_layer.conv1")),
            Map.entry(Fault.WEIGHTS_AT_INIT, module("flow.encoder_proj")),
            Map.entry(Fault.MEL_TRANSFORM, new Placement("s3gen.inference()", Level.STAGE)),
            Map.entry(Fault.LAYERNORM_EPS, module("flow.encoder.embed.out.1")),
            Map.entry(Fault.ATTENTION_SCALE_MISSING, module(ATTN)),
            Map.entry(Fault.ATTENTION_MASK_IGNORED, module(ATTN)),
            Map.entry(Fault.ATTENTION_MASK_INVERTED, module(ATTN)),
            Map.entry(Fault.SKIP_CONCAT_SWAPPED, module("flow.decoder.estimator")),
            Map.entry(Fault.CFG_MIXES_CONDITIONS, new Placement("flow.decoder.solve_euler()", Level.STAGE)),
            Map.entry(Fault.FLOAT16_DECODER, new Placement("flow.decoder", Level.STAGE)),
            Map.entry(Fault.TIME_EMBEDDING_SWAPPED, module("flow.decoder.estimator.time_embeddings")),
            Map.entry(Fault.CONV_TRANSPOSE_PADDING, module("mel2wav.ups.0")),
            Map.entry(Fault.ISTFT_SUM_W, module("mel2wav._istft()")),
            Map.entry(Fault.LSTM_GATES_TF_ORDER, module("ve.lstm")),
            Map.entry(Fault.BATCHNORM_TRAINING, module("speaker_encoder.xvector.tdnn.nonlinear.batchnorm")),
            Map.entry(Fault.PREEMPHASIS_MISSING, module("kaldi.fbank()")),
            Map.entry(Fault.STFT_NOT_CENTRED, module("librosa.stft()")),
            Map.entry(Fault.FSQ_ROUND_HALF_UP, module("tokenizer.quantize()")),
            Map.entry(Fault.RESAMPLER_SWAPPED, module("ta_resample_24000_16000")),
            Map.entry(Fault.ROPE_WITHOUT_LLAMA3_SCALING, module("tfmr.rotary_emb")),
            Map.entry(Fault.ROPE_INTERLEAVED, module("tfmr.layers.0.self_attn")),
            Map.entry(Fault.POSITION_IDS_RESTART, module("tfmr")),
            Map.entry(Fault.RMSNORM_EPS, module("tfmr.layers.0.input_layernorm")),
            Map.entry(Fault.RMSNORM_FLOAT16, module("tfmr.layers.1.post_attention_layernorm")),
            Map.entry(Fault.CFG_WRONG_ROW, new Placement("t3.inference()", Level.STAGE)),
            Map.entry(Fault.REPETITION_PENALTY_AFTER_TEMPERATURE, new Placement("t3.inference()", Level.STAGE)));
    /** The faults that live in T3 (injected into a T3 run). */
    private static final java.util.Set<Fault> T3 = java.util.EnumSet.of(Fault.ROPE_WITHOUT_LLAMA3_SCALING,
            Fault.ROPE_INTERLEAVED, Fault.POSITION_IDS_RESTART, Fault.RMSNORM_EPS, Fault.RMSNORM_FLOAT16,
            Fault.CFG_WRONG_ROW, Fault.REPETITION_PENALTY_AFTER_TEMPERATURE);
    /** The faults that live in the conditioning front end (injected into a conditioning run). */
    private static final java.util.Set<Fault> CONDITIONING = java.util.EnumSet.of(Fault.LSTM_GATES_TF_ORDER,
            Fault.BATCHNORM_TRAINING, Fault.PREEMPHASIS_MISSING, Fault.STFT_NOT_CENTRED, Fault.FSQ_ROUND_HALF_UP,
            Fault.RESAMPLER_SWAPPED);

    private FaultCatalog() {
    }

    private static Placement module(String m) {
        return new Placement(m, Level.MODULE);
    }

    /** True for a fault of the T3 port (run on a T3 dump). */
    public static boolean isT3(Fault f) {
        return T3.contains(f);
    }

    /** True for a fault of the conditioning front end (run on a conditioning dump). */
    public static boolean isConditioning(Fault f) {
        return CONDITIONING.contains(f);
    }

    /** The faults of the S3Gen pipeline (neither T3 nor conditioning), in catalog order. */
    public static java.util.List<Fault> s3gen() {
        return java.util.Arrays.stream(Fault.values()).filter(f -> !isT3(f) && !isConditioning(f)).toList();
    }

    /** The module a fault goes in when none is named; a diagnosis must name it. */
    public static String defaultModule(Fault f) {
        return DEFAULTS.get(f).module();
    }

    /**
     * Refuses a run in which an injection of {@code plan} did nothing: no module at its path computes what the fault
     * changes (a mistyped path, a module of another kind, a stage the run skipped), so the run is the model without
     * the fault and a diagnosis of it would answer another question.
     *
     * @throws IllegalArgumentException naming every such injection and where its fault goes by default
     */
    public static void requireApplied(FaultPlan plan) {
        List<String> reasons = plan.unapplied().stream().map(i -> {
            String f = i.fault().id();
            String home = defaultModule(i.fault());
            return "--inject-fault " + i + ": " + (i.module().equals(home)
                    ? "the run never reached " + home + ", where " + f + " goes"
                    : "no module at " + i.module() + " computes what " + f + " changes (" + f
                            + " goes in modules like " + home + ")");
        }).toList();
        if (!reasons.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", reasons) + "; the run had no such fault");
        }
    }

    /**
     * The same after a run that wrote into the output directory {@code out} (null: it wrote nothing): before
     * refusing, what the run wrote is removed ({@link FileTrees#removeOutputQuietly}), and the message says so.
     *
     * @param existed whether {@code out} existed before the run (it is then emptied, not removed)
     */
    public static void requireApplied(FaultPlan plan, Path out, boolean existed) {
        try {
            requireApplied(plan);
        } catch (IllegalArgumentException e) {
            if (out == null) {
                throw e;
            }
            FileTrees.removeOutputQuietly(out, existed);
            throw new IllegalArgumentException(e.getMessage() + "; nothing was kept in " + out, e);
        }
    }

    /**
     * Parses {@code NAME[@MODULE]} specs ({@code --inject-fault}, repeatable); without a module the fault's
     * {@link #defaultModule} is used.
     *
     * @throws IllegalArgumentException naming the spec when the fault is unknown or the module empty
     */
    public static FaultPlan plan(List<String> specs) {
        List<FaultPlan.Injection> list = new ArrayList<>();
        for (String s : specs) {
            int at = s.indexOf('@');
            Fault f = Fault.parse(at < 0 ? s : s.substring(0, at));
            String module = at < 0 ? defaultModule(f) : s.substring(at + 1).trim();
            if (module.isEmpty()) {
                throw new IllegalArgumentException("--inject-fault '" + s + "': empty module after '@'");
            }
            list.add(new FaultPlan.Injection(f, module));
        }
        return new FaultPlan(list);
    }

    /**
     * {@link #plan(List)}, checked against the model of the dump the faults go into: a fault of the T3 port only
     * into a T3 dump, one of the conditioning front end only into a conditioning dump — refused before any work, not
     * after a run that could not receive it ({@link #requireApplied}). Faults of S3Gen's catalog are not refused here:
     * some of them (weights left at their initialisation, ...) act in every model, so whether one reached a module
     * is known only after the run.
     *
     * @throws IllegalArgumentException naming each injection that belongs to another model, and the dump's model
     */
    public static FaultPlan plan(List<String> specs, Path refDump) {
        FaultPlan plan = plan(specs);
        if (plan.injections().isEmpty()) {
            return plan;
        }
        boolean conditioning = dev.parity.port.run.ConditioningRun.isConditioningDump(refDump);
        boolean t3 = !conditioning && dev.parity.port.run.ReferenceDump.open(refDump).isT3();
        String model = conditioning ? "a conditioning dump" : t3 ? "a T3 dump" : "an S3Gen dump";
        List<String> reasons = new ArrayList<>();
        for (FaultPlan.Injection i : plan.injections()) {
            String owner = isT3(i.fault()) && !t3 ? "the T3 port"
                    : isConditioning(i.fault()) && !conditioning ? "the conditioning front end" : null;
            if (owner != null) {
                reasons.add("--inject-fault " + i + ": " + i.fault().id() + " is a fault of " + owner);
            }
        }
        if (!reasons.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", reasons) + ", and " + refDump + " is " + model
                    + "; nothing was run");
        }
        return plan;
    }
}
