package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.Scopes;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * The flow-matching estimator (a 1-D U-Net, one level, causal): time embedding; input cat[x, mu, spks, cond];
 * down block (resnet, transformer blocks, causal conv), mid blocks, up block on cat[x, skip], final block and
 * 1×1 projection; the output is masked.
 */
public class ConditionalDecoder extends Module {
    /** One U-Net stage: a resnet, transformer blocks and (down/up only) a causal conv. */
    record Stage(CausalResnetBlock1D resnet, List<BasicTransformerBlock> transformer_blocks, Conv1d sample) {
    }

    final SinusoidalPosEmb time_embeddings;
    final TimestepEmbedding time_mlp;
    final List<Stage> down_blocks = new ArrayList<>();
    final List<Stage> mid_blocks = new ArrayList<>();
    final List<Stage> up_blocks = new ArrayList<>();
    final CausalBlock1D final_block;
    final Conv1d final_proj;

    public ConditionalDecoder(String path, Weights w, FlowConfig.Estimator cfg) {
        super(path);
        int ch = cfg.channels().get(0);
        int timeEmbedDim = 4 * ch;
        this.time_embeddings = new SinusoidalPosEmb(child("time_embeddings"), cfg.in_channels());
        this.time_mlp = new TimestepEmbedding(child("time_mlp"), w, cfg.in_channels(), timeEmbedDim);
        down_blocks.add(stage(w, "down_blocks.0", cfg, cfg.in_channels(), timeEmbedDim, true));
        for (int i = 0; i < cfg.num_mid_blocks(); i++) {
            mid_blocks.add(stage(w, "mid_blocks." + i, cfg, ch, timeEmbedDim, false));
        }
        up_blocks.add(stage(w, "up_blocks.0", cfg, 2 * ch, timeEmbedDim, true));
        this.final_block = new CausalBlock1D(child("final_block"), w, ch, ch);
        this.final_proj = new Conv1d(child("final_proj"), w, ConvSpec.of(ch, cfg.out_channels(), 1));
    }

    private Stage stage(Weights w, String name, FlowConfig.Estimator cfg, int dimIn, int timeEmbedDim,
            boolean withConv) {
        String p = child(name);
        int ch = cfg.channels().get(0);
        CausalResnetBlock1D resnet = new CausalResnetBlock1D(p + ".0", w, dimIn, ch, timeEmbedDim);
        List<BasicTransformerBlock> blocks = new ArrayList<>();
        for (int j = 0; j < cfg.n_blocks(); j++) {
            blocks.add(new BasicTransformerBlock(p + ".1." + j, w, ch, cfg.num_heads(), cfg.attention_head_dim()));
        }
        Conv1d conv = withConv ? new CausalConv1d(p + ".2", w, ch, ch, 3) : null;
        return new Stage(resnet, List.copyOf(blocks), conv);
    }

    public NDArray forward(RunContext ctx, NDArray x, NDArray mask, NDArray mu, NDArray t, NDArray spks,
            NDArray cond) {
        Call c = begin(ctx).in(x).in("mask", mask).in("mu", mu).in("t", t).in("spks", spks).in("cond", cond);
        NDArray temb = time_mlp.forward(ctx, time_embeddings.forward(ctx, t)); // (B, 4·ch)
        long frames = x.getShape().get(2);
        NDArray spksT = spks.expandDims(2).repeat(2, frames); // (B, 80, T)
        NDArray h = x.concat(mu, 1).concat(spksT, 1).concat(cond, 1); // (B, 320, T)
        // (B, 1, T); none when nothing is masked in an untraced run without faults: adding zeros changes no score
        NDArray bias = !ctx.tracing() && ctx.faults().isEmpty() && mask.eq(1f).all().getBoolean() ? null
                : maskToBias(mask);
        Stage down = down_blocks.get(0);
        h = transformers(ctx, down, resnet(ctx, down, h, mask, temb), bias, temb); // (B, ch, T)
        NDArray skip = h;
        h = down.sample().forward(ctx, h.mul(mask)); // (B, ch, T)
        for (Stage mid : mid_blocks) {
            h = transformers(ctx, mid, resnet(ctx, mid, h, mask, temb), bias, temb); // (B, ch, T)
        }
        Stage up = up_blocks.get(0);
        NDArray cut = h.get(new NDIndex(":, :, :{}", skip.getShape().get(2))); // (B, ch, T)
        h = faulty(ctx, Fault.SKIP_CONCAT_SWAPPED) ? skip.concat(cut, 1) : cut.concat(skip, 1); // (B, 2·ch, T)
        h = transformers(ctx, up, resnet(ctx, up, h, mask, temb), bias, temb); // (B, ch, T)
        h = up.sample().forward(ctx, h.mul(mask)); // (B, ch, T)
        h = final_block.forward(ctx, h, mask); // (B, ch, T)
        NDArray out = final_proj.forward(ctx, h.mul(mask)); // (B, 80, T)
        return c.out(out.mul(mask)); // (B, 80, T)
    }

    private static NDArray resnet(RunContext ctx, Stage s, NDArray x, NDArray mask, NDArray temb) {
        return Scopes.scoped(x, x1 -> s.resnet().forward(ctx, x1, mask, temb)); // (B, ch, T)
    }

    private static NDArray transformers(RunContext ctx, Stage s, NDArray x, NDArray bias, NDArray temb) {
        NDArray h = x.transpose(0, 2, 1); // (B, T, ch)
        for (BasicTransformerBlock block : s.transformer_blocks()) {
            h = Scopes.scoped(h, x1 -> block.forward(ctx, x1, bias, temb)); // (B, T, ch)
        }
        return h.transpose(0, 2, 1); // (B, ch, T)
    }

    /** (1 − (mask == 1))·(−1e10): 0 where a frame is kept, −1e10 where padded. */
    static NDArray maskToBias(NDArray mask) {
        NDArray keep = mask.eq(1f).toType(mask.getDataType(), false); // (B, 1, T)
        return keep.neg().add(1f).mul(-1.0e10); // (B, 1, T)
    }
}
