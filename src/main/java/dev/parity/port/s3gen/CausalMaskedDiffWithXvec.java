package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.parity.port.nn.Embedding;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.TracedMethod;
import dev.parity.port.nn.Weights;

/**
 * The S3Gen flow: speaker x-vector (L2-normalised, affine), prompt + speech tokens embedded, conformer encoder
 * (×2 in time), projection to mel channels (mu), conditional flow matching with the prompt mel as condition;
 * the prompt frames are cut from the result.
 */
public class CausalMaskedDiffWithXvec extends Module {
    static final double NORMALIZE_EPS = 1e-12;
    final Embedding input_embedding;
    final Linear spk_embed_affine_layer;
    final UpsampleConformerEncoder encoder;
    final Linear encoder_proj;
    final CausalConditionalCFM decoder;
    final TracedMethod inference;

    public CausalMaskedDiffWithXvec(String path, Weights w, FlowConfig cfg) {
        super(path);
        FlowConfig.Flow f = cfg.flow();
        this.input_embedding = new Embedding(child("input_embedding"), w, f.vocab_size(), f.input_size());
        this.spk_embed_affine_layer = new Linear(child("spk_embed_affine_layer"), w, f.spk_embed_dim(),
                f.output_size());
        this.encoder = new UpsampleConformerEncoder(child("encoder"), w, cfg.encoder());
        this.encoder_proj = new Linear(child("encoder_proj"), w, cfg.encoder().output_size(), f.output_size());
        this.decoder = new CausalConditionalCFM(child("decoder"), w, cfg);
        this.inference = new TracedMethod(path, "CausalMaskedDiffWithXvec", "inference");
    }

    /**
     * {@code flow.inference(token, token_len, prompt_token, prompt_token_len, prompt_feat, embedding)} with
     * finalize = True.
     *
     * @return the generated mel without the prompt frames, (1, 80, 2·N)
     */
    public NDArray inference(RunContext ctx, FlowInputs in, int nTimesteps, RandomDraws draws) {
        var c = inference.start(ctx).in(in.token()).in("token_len", in.token_len())
                .in("prompt_token", in.prompt_token()).in("prompt_token_len", in.prompt_token_len())
                .in("prompt_feat", in.prompt_feat()).in("embedding", in.embedding());
        NDArray spks = spk_embed_affine_layer.forward(ctx, in.embedding().normalize(2, 1, NORMALIZE_EPS)); // (1, 80)
        NDArray token = in.prompt_token().toType(DataType.INT64, false).concat(in.token(), 1); // (1, Np + N)
        NDArray tokenLen = in.prompt_token_len()
                .add(in.token_len().toType(in.prompt_token_len().getDataType(), false)); // (1)
        NDArray xs = input_embedding.forward(ctx, token); // (1, Np + N, d) (mask is all ones for B = 1)
        NDArray h = encoder.forward(ctx, xs, tokenLen)[0]; // (1, T, d), T = 2·(Np + N)
        NDArray mu = encoder_proj.forward(ctx, h).transpose(0, 2, 1); // (1, 80, T)
        long melLen1 = in.prompt_feat().getShape().get(1);
        long frames = mu.getShape().get(2);
        NDArray cond = condition(in.prompt_feat(), frames); // (1, 80, T)
        NDArray mask = mu.getManager().ones(new ai.djl.ndarray.types.Shape(1, 1, frames)); // (1, 1, T)
        NDArray feat = decoder.forward(ctx, mu, mask, nTimesteps, spks, cond, draws); // (1, 80, T)
        return c.out(feat.get(new NDIndex(":, :, {}:", melLen1))); // (1, 80, T − 2·Np)
    }

    /** Zeros with the prompt mel in the first frames: (1, 80, T). */
    private static NDArray condition(NDArray promptFeat, long frames) {
        long[] s = promptFeat.getShape().getShape(); // (1, 2·Np, 80)
        NDArray rest = promptFeat.getManager().zeros(new ai.djl.ndarray.types.Shape(s[0], frames - s[1], s[2]));
        return promptFeat.concat(rest, 1).transpose(0, 2, 1); // (1, 80, T)
    }
}
