package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.parity.port.nn.LayerNorm;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.Scopes;
import dev.parity.port.nn.SiLU;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * embed → pre_lookahead_layer → encoders → up_layer (×stride in time) → up_embed → up_encoders →
 * after_norm.
 * One SiLU instance is shared by every feed-forward (traced under the first layer's path).
 */
public class UpsampleConformerEncoder extends Module {
    final LinearNoSubsampling embed;
    final PreLookaheadLayer pre_lookahead_layer;
    final List<ConformerEncoderLayer> encoders = new ArrayList<>();
    final Upsample1D up_layer;
    final LinearNoSubsampling up_embed;
    final List<ConformerEncoderLayer> up_encoders = new ArrayList<>();
    final LayerNorm after_norm;

    public UpsampleConformerEncoder(String path, Weights w, FlowConfig.Encoder cfg) {
        super(path);
        int d = cfg.output_size();
        this.embed = new LinearNoSubsampling(child("embed"), w, cfg.input_size(), d);
        this.pre_lookahead_layer = new PreLookaheadLayer(child("pre_lookahead_layer"), w,
                cfg.pre_lookahead_channels(), cfg.pre_lookahead_len());
        SiLU activation = new SiLU(child("encoders.0.feed_forward.activation"));
        for (int i = 0; i < cfg.num_blocks(); i++) {
            encoders.add(layer(w, "encoders." + i, cfg, activation));
        }
        this.up_layer = new Upsample1D(child("up_layer"), w, cfg.up_layer_channels(), cfg.up_layer_channels(),
                cfg.up_stride());
        this.up_embed = new LinearNoSubsampling(child("up_embed"), w, cfg.input_size(), d);
        for (int i = 0; i < cfg.num_up_blocks(); i++) {
            up_encoders.add(layer(w, "up_encoders." + i, cfg, activation));
        }
        this.after_norm = new LayerNorm(child("after_norm"), w, d, 1e-5);
    }

    private ConformerEncoderLayer layer(Weights w, String name, FlowConfig.Encoder cfg, SiLU activation) {
        String p = child(name);
        int d = cfg.output_size();
        return new ConformerEncoderLayer(p, w, d,
                new RelPositionMultiHeadedAttention(p + ".self_attn", w, cfg.attention_heads(), d),
                new PositionwiseFeedForward(p + ".feed_forward", w, d, cfg.linear_units(), activation));
    }

    /** Returns {xs, masks}: (B, stride·T, d), (B, 1, stride·T) bool. */
    public NDArray[] forward(RunContext ctx, NDArray xs, NDArray xsLens) {
        Call c = begin(ctx).in(xs).in("xs_lens", xsLens); // (B, T, d_in), (B)
        NDArray[] e = embed.forward(ctx, xs, padMask(xs.getManager(), xsLens, xs.getShape().get(1)));
        NDArray h = pre_lookahead_layer.forward(ctx, e[0]); // (B, T, d)
        h = layers(ctx, encoders, h, e[2], e[1]);
        NDArray[] up = up_layer.forward(ctx, h.transpose(0, 2, 1), xsLens); // (B, d, 2T), (B)
        h = up[0].transpose(0, 2, 1); // (B, 2T, d)
        NDArray[] ue = up_embed.forward(ctx, h, padMask(h.getManager(), up[1], h.getShape().get(1)));
        h = layers(ctx, up_encoders, ue[0], ue[2], ue[1]);
        h = after_norm.forward(ctx, h); // (B, 2T, d)
        h = c.out(h); // (B, 2T, d)
        NDArray masks = c.out("1", ue[2]); // (B, 1, 2T)
        return new NDArray[] {h, masks};
    }

    private static NDArray layers(RunContext ctx, List<ConformerEncoderLayer> layers, NDArray h, NDArray mask,
            NDArray posEmb) {
        for (ConformerEncoderLayer layer : layers) {
            h = Scopes.scoped(h, x -> layer.forward(ctx, x, mask, posEmb, mask)[0]); // (B, T, d)
        }
        return h;
    }

    /** ~make_pad_mask(lengths, T).unsqueeze(1): (B, 1, T) bool, true inside each sequence. */
    static NDArray padMask(NDManager m, NDArray lengths, long t) {
        float[] len = lengths.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        boolean[] mask = new boolean[(int) (len.length * t)];
        for (int b = 0; b < len.length; b++) {
            for (int i = 0; i < t; i++) {
                mask[(int) (b * t + i)] = i < len[b];
            }
        }
        return m.create(mask, new ai.djl.ndarray.types.Shape(len.length, 1, t));
    }
}
