package dev.parity.port.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.TraceSink;
import dev.parity.port.t3.GenerationSettings;
import dev.parity.port.t3.T3;
import dev.parity.port.t3.T3Cond;
import dev.parity.port.t3.T3Config;
import dev.parity.port.t3.TokenDraws;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;

/**
 * T3 built from a checkpoint with upstream key names (strict: every parameter present with its shape, see
 * {@link Weights}), ready to generate many times. Parameters live on this object's manager (close it); each run
 * works in a sub-manager closed when it returns.
 */
public final class T3Pipeline extends LoadedModel<T3> {
    private T3Pipeline(Built<T3> built) {
        super(built);
    }

    /**
     * @throws dev.parity.port.nn.WeightLoadException when a key is missing or mis-shaped
     * @throws dev.parity.io.FormatException when the checkpoint is unreadable
     */
    public static T3Pipeline load(T3Config cfg, Path checkpoint) {
        return new T3Pipeline(build(checkpoint, DataType.FLOAT32, w -> new T3(w, cfg)));
    }

    /**
     * What one generation produced.
     *
     * @param speech_tokens_raw row 0 as {@code T3.inference} returns it (with the stop token when it stopped)
     * @param speech_tokens after generate's post-processing (what S3Gen receives)
     */
    public record Result(long[] speech_tokens_raw, long[] speech_tokens, boolean stoppedOnEos, double seconds) {
    }

    /** One generation with the context's faults and feed, recording into its sink (not closed). */
    public Result run(T3Inputs in, GenerationSettings settings, TokenDraws draws, RunContext ctx) {
        TraceSink sink = ctx.sink();
        Torch.prepareThread();
        check(in);
        long t0 = System.nanoTime();
        try (NDManager m = manager.newSubManager()) {
            T3Cond cond = new T3Cond(floats(m, in.speaker_emb()), longs(m, in.cond_prompt_speech_tokens()),
                    floats(m, in.emotion_adv()));
            long[] ids = in.text_tokens().toLongArray();
            int[] text = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                text[i] = Math.toIntExact(ids[i]);
            }
            NDArray text_tokens = m.create(text, shape(in.text_tokens())); // (2, Lt) int32, as generate makes it
            T3.Output out = model().inference(ctx, m, cond, text_tokens, settings, draws);
            if (sink.enabled()) {
                long[] raw = out.speech_tokens_raw();
                sink.record(new EntryId("final.speech_tokens_raw", 0, EntryKind.FINAL, null), "final output",
                        m.create(raw, new Shape(1, raw.length)));
                sink.record(new EntryId("final.speech_tokens", 0, EntryKind.FINAL, null), "final output",
                        m.create(out.speech_tokens(), new Shape(out.speech_tokens().length)));
            }
            return new Result(out.speech_tokens_raw(), out.speech_tokens(), out.stoppedOnEos(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Sizes and vocabularies, so bad input fails before any compute with a message naming the input. */
    private void check(T3Inputs in) {
        T3Config.Hp hp = model().hp.hp();
        if (in.speaker_emb().numel() != hp.speaker_embed_size()) {
            throw new IllegalArgumentException("speaker_emb: expected " + hp.speaker_embed_size() + " values, found "
                    + in.speaker_emb().shape());
        }
        if (in.text_tokens().shape().rank() != 2 || in.text_tokens().shape().dim(0) != 2) {
            throw new IllegalArgumentException("text_tokens: expected (2, Lt) (the CFG batch), found "
                    + in.text_tokens().shape());
        }
        range("text_tokens", in.text_tokens(), hp.text_tokens_dict_size());
        range("cond_prompt_speech_tokens", in.cond_prompt_speech_tokens(), hp.speech_tokens_dict_size());
    }

    private static void range(String name, Tensor t, int vocab) {
        long[] v = t.toLongArray();
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] >= vocab) {
                throw new IllegalArgumentException(name + ": id " + v[i] + " at position " + i + " is outside [0, "
                        + vocab + ")");
            }
        }
    }

    private static NDArray floats(NDManager m, Tensor t) {
        return m.create(t.toFloatArray(), shape(t));
    }

    private static NDArray longs(NDManager m, Tensor t) {
        return m.create(t.toLongArray(), shape(t));
    }

    private static Shape shape(Tensor t) {
        return new Shape(t.shape().dims());
    }

}
