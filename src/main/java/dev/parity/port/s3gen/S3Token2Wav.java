package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.TracedMethod;
import java.util.List;

/**
 * The S3Gen top level: {@code flow_inference} (tokens → mel) and, when a vocoder is plugged in,
 * {@code hift_inference} (mel → wav) and the 20 ms silence + 20 ms raised-cosine fade-in of the wav.
 */
public class S3Token2Wav extends Module {
    static final int N_TRIM = 480; // 20 ms at 24 kHz
    final CausalMaskedDiffWithXvec flow;
    final Vocoder mel2wav;
    final TracedMethod inference;
    final TracedMethod flow_inference;
    final TracedMethod hift_inference;

    /**
     * The calls (by first output) a stage swap can replay from the unfed run instead of computing them
     * ({@link dev.parity.port.nn.CallReplay}): the whole flow, for a boundary in the vocoder, and the decoder's
     * ODE, for the mel boundary.
     */
    public static final List<EntryId> REPLAYABLE = List.of(new EntryId("s3gen.flow_inference()", 0, EntryKind.OUT,
            null), new EntryId("flow.decoder", 0, EntryKind.OUT, null));

    /** The result of one inference: mel always; wav and source when a vocoder is plugged in, else null. */
    public record Output(NDArray mel, NDArray wav, NDArray source) {
    }

    /** @param mel2wav the vocoder, or null to run the flow only */
    public S3Token2Wav(CausalMaskedDiffWithXvec flow, Vocoder mel2wav) {
        super("");
        this.flow = flow;
        this.mel2wav = mel2wav;
        this.inference = new TracedMethod("s3gen", "S3Token2Wav", "inference");
        this.flow_inference = new TracedMethod("s3gen", "S3Token2Wav", "flow_inference");
        this.hift_inference = new TracedMethod("s3gen", "S3Token2Wav", "hift_inference");
    }

    public CausalMaskedDiffWithXvec flow() {
        return flow;
    }

    /** {@code S3Token2Wav.inference(speech_tokens, ref_dict, n_cfm_timesteps)}. */
    public Output inference(RunContext ctx, FlowInputs in, int nTimesteps, RandomDraws draws) {
        var c = inference.start(ctx).in(in.token()); // (1, N)
        NDArray mel = flowInference(ctx, in, nTimesteps, draws); // (1, 80, 2N)
        if (mel2wav == null) {
            return new Output(mel, null, null);
        }
        NDArray vocIn = ctx.faulty(Fault.MEL_TRANSFORM, "s3gen.inference()")
                ? mel.mul(0.75f).sub(5f) : mel; // (1, 80, 2N); fault injection: an invented transform
        var h = hift_inference.start(ctx).in(vocIn);
        NDArray[] ws = mel2wav.inference(ctx, vocIn, draws); // (1, L), (1, 1, L)
        h.out(ws[0]);
        h.out("1", ws[1]);
        NDArray wav = trimFade(ws[0]); // (1, L)
        c.out(wav);
        c.out("1", ws[1]);
        return new Output(mel, wav, ws[1]);
    }

    /** {@code S3Token2Wav.flow_inference}: tokens → mel (1, 80, 2N). */
    public NDArray flowInference(RunContext ctx, FlowInputs in, int nTimesteps, RandomDraws draws) {
        var c = flow_inference.start(ctx).in(in.token()); // (1, N)
        NDArray replayed = c.replayed(draws, in.token().getManager()); // a stage swap fed in the vocoder
        return c.out(replayed != null ? replayed : flow.inference(ctx, in, nTimesteps, draws)); // (1, 80, 2N)
    }

    /** wav[:, :960] ·= [0]·480 ++ (cos(linspace(π, 0, 480)) + 1)/2. */
    static NDArray trimFade(NDArray wav) {
        long len = wav.getShape().get(1);
        int n = (int) Math.min(2L * N_TRIM, len);
        double[] fade = new double[n];
        for (int i = N_TRIM; i < n; i++) {
            double x = Math.PI - Math.PI * (i - N_TRIM) / (N_TRIM - 1);
            fade[i] = (Math.cos(x) + 1) / 2;
        }
        NDArray f = wav.getManager().create(fade).toType(wav.getDataType(), false); // (n), in the wav's dtype
        NDArray head = wav.get(new NDIndex(":, :{}", n)).mul(f); // (1, n)
        return head.concat(wav.get(new NDIndex(":, {}:", n)), 1); // (1, L)
    }
}
