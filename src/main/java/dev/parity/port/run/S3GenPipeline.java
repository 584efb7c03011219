package dev.parity.port.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.port.nn.NoiseSource;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.TraceSink;
import dev.parity.port.nn.TraceWriterSink;
import dev.parity.port.s3gen.CausalConditionalCFM;
import dev.parity.port.s3gen.CausalMaskedDiffWithXvec;
import dev.parity.port.s3gen.FlowConfig;
import dev.parity.port.s3gen.FlowInputs;
import dev.parity.port.s3gen.S3Token2Wav;
import dev.parity.port.s3gen.Vocoder;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;

/** S3Gen (the flow, and HiFT when a vocoder is given) built from a checkpoint (see {@link LoadedModel}). */
public final class S3GenPipeline extends LoadedModel<S3Token2Wav> {
    private S3GenPipeline(Built<S3Token2Wav> built) {
        super(built);
    }

    /**
     * Loads the flow (and the vocoder when {@code vocoder} is not null) from {@code checkpoint}.
     *
     * @throws dev.parity.port.nn.WeightLoadException when a needed key is missing or mis-shaped
     */
    public static S3GenPipeline load(FlowConfig cfg, Path checkpoint, VocoderFactory vocoder, JsonNode model) {
        return load(cfg, checkpoint, vocoder, model, DataType.FLOAT32);
    }

    /**
     * {@link #load(FlowConfig, Path, VocoderFactory, JsonNode)} with every parameter, input and draw in
     * {@code dtype}: float64 makes the run the float32 reference's self-made noise-floor twin.
     */
    public static S3GenPipeline load(FlowConfig cfg, Path checkpoint, VocoderFactory vocoder, JsonNode model,
                                     DataType dtype) {
        return new S3GenPipeline(build(checkpoint, dtype, w -> {
            CausalMaskedDiffWithXvec flow = new CausalMaskedDiffWithXvec("flow", w, cfg);
            Vocoder v = vocoder == null ? null : vocoder.create(w, model == null ? MissingNode.getInstance() : model);
            return new S3Token2Wav(flow, v);
        }));
    }

    /** The flow only. */
    public static S3GenPipeline loadFlow(FlowConfig cfg, Path checkpoint) {
        return load(cfg, checkpoint, null, null);
    }

    /** The result of one run, copied to the heap: mel (1, 80, 2N); wav and source null without a vocoder. */
    public record Result(Tensor mel, Tensor wav, Tensor source, double seconds) {
    }

    /**
     * One inference ({@code S3Token2Wav.inference}) with the context's faults and feed; records into its sink
     * ({@link RunContext#OFF} for none), including {@code final.mel} / {@code final.wav}. The sink is not closed.
     * While a sink writes every call on a thread of its own, the run leaves it a core ({@link Torch#leavingCores}),
     * unless the flow's CFG halves are to run side by side into that sink
     * ({@link CausalConditionalCFM#halvesWhenTraced}): they need both threads, and the writer takes what they leave.
     */
    public Result run(TokenInputs in, int nTimesteps, NoiseSource noise, RunContext ctx) {
        TraceSink sink = ctx.sink();
        Torch.prepareThread();
        long t0 = System.nanoTime();
        int leave = sink.enabled() && CausalConditionalCFM.halvesWhenTraced(sink) ? 0 : sink.busyThreads();
        try (Torch.Lease cores = Torch.leavingCores(leave); NDManager m = manager.newSubManager()) {
            S3Token2Wav.Output out = model().inference(ctx, toArrays(m, in, weights.dtype()), nTimesteps,
                    new RandomDraws(noise));
            if (sink.enabled()) {
                sink.record(new EntryId("final.mel", 0, EntryKind.FINAL, null), "final output", out.mel());
                if (out.wav() != null) {
                    sink.record(new EntryId("final.wav", 0, EntryKind.FINAL, null), "final output", out.wav());
                }
            }
            Tensor mel = TraceWriterSink.toTensor(out.mel());
            Tensor wav = out.wav() == null ? null : TraceWriterSink.toTensor(out.wav());
            Tensor source = out.source() == null ? null : TraceWriterSink.toTensor(out.source());
            return new Result(mel, wav, source, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The arguments as {@code S3Token2Mel.forward} makes them: ref_dict cast to the model dtype, token_len int64. */
    private static FlowInputs toArrays(NDManager m, TokenInputs in, DataType dtype) {
        NDArray token = m.create(in.speech_tokens().toLongArray(), shape(in.speech_tokens())); // (1, N)
        NDArray tokenLen = m.create(new long[] {in.speech_tokens().shape().dim(1)}); // (1)
        return new FlowInputs(token, tokenLen, floats(m, in.prompt_token(), dtype),
                floats(m, in.prompt_token_len(), dtype), floats(m, in.prompt_feat(), dtype),
                floats(m, in.embedding(), dtype));
    }

    private static NDArray floats(NDManager m, Tensor t, DataType dtype) {
        return m.create(t.toDoubleArray(), shape(t)).toType(dtype, false);
    }

    private static Shape shape(Tensor t) {
        return new Shape(t.shape().dims());
    }

}
