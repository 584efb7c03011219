package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.Activations;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.Scopes;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * {@code model_v2.AudioEncoderV2} ({@code tokenizer.encoder}) for one unpadded utterance: conv1 (k 3, stride 2) +
 * GELU, conv2 (k 3, stride 2) + GELU, then the blocks with rotary tables for positions 0..T−1 (θ 10000, head_dim
 * 64, at most 2048 positions). The rotary table is computed as real cos/sin; upstream passes it as complex64
 * {@code freqs_cis}, which is built (as cos + i·sin) only to be recorded.
 */
public final class AudioEncoderV2 extends Module {
    public static final int MAX_POSITIONS = 2048;
    public static final int ROPE_DIM = 64;
    final Conv1d conv1;
    final Conv1d conv2;
    final ResidualAttentionBlock[] blocks;

    public AudioEncoderV2(String path, Weights w, CondConfig.Tokenizer cfg) {
        super(path);
        conv1 = new Conv1d(child("conv1"), w, ConvSpec.of(cfg.n_mels(), cfg.n_audio_state(), 3).stride(2).padding(1));
        conv2 = new Conv1d(child("conv2"), w, ConvSpec.of(cfg.n_audio_state(), cfg.n_audio_state(), 3).stride(2)
                .padding(1));
        blocks = new ResidualAttentionBlock[cfg.n_audio_layer()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new ResidualAttentionBlock(child("blocks." + i), w, cfg.n_audio_state(), cfg.n_audio_head());
        }
    }

    /** mel (1, n_mels, F), x_len (1) int32 → [hidden (1, T, D), lengths (1) int32]. */
    public NDList forward(RunContext ctx, NDArray x, NDArray xLen) {
        Call c = begin(ctx).in(x).in("x_len", xLen);
        NDArray h = Activations.gelu(conv1.forward(ctx, x)); // (1, D, ceil(F/2))
        h = Activations.gelu(conv2.forward(ctx, h)).transpose(0, 2, 1); // (1, T, D)
        long t = h.getShape().get(1);
        if (t > MAX_POSITIONS) {
            throw new IllegalArgumentException("the tokenizer's rotary table covers " + MAX_POSITIONS
                    + " positions; this mel gives " + t + " (longer than 80 s)");
        }
        NDManager m = h.getManager();
        NDArray mask = m.zeros(new Shape(1, 1, 1, t)); // additive bias: nothing is padded
        NDArray maskPad = m.ones(new Shape(1, t, 1), DataType.BOOLEAN);
        NDList rope = rope(m, t);
        if (ctx.tracing()) { // upstream passes the table as complex64 freqs_cis = cos + i·sin
            rope.add(rope.get(0).stack(rope.get(1), 2).complex()); // (T, 64) complex64
        }
        for (ResidualAttentionBlock b : blocks) {
            h = Scopes.scoped(h, v -> b.forward(ctx, v, mask, maskPad, rope));
        }
        int[] len = xLen.toType(DataType.INT32, false).toIntArray();
        NDArray outLen = m.create(new int[] {(((len[0] - 1) / 2 + 1) - 1) / 2 + 1});
        return new NDList(c.out(h), c.out("1", outLen));
    }

    /** [cos, sin] (T, 64) in float32 as torch computes {@code precompute_freqs_cis(64, 2048)} (angles doubled). */
    static NDList rope(NDManager m, long t) {
        int half = ROPE_DIM / 2;
        float[] cos = new float[Math.toIntExact(t * ROPE_DIM)];
        float[] sin = new float[cos.length];
        for (int i = 0; i < half; i++) {
            float inv = (float) (1.0 / (float) Math.pow(10000.0, (float) (2 * i) / ROPE_DIM));
            for (int p = 0; p < t; p++) {
                float a = p * inv; // float32 product, as torch.outer
                float cv = (float) Math.cos(a);
                float sv = (float) Math.sin(a);
                cos[p * ROPE_DIM + i] = cv;
                cos[p * ROPE_DIM + half + i] = cv;
                sin[p * ROPE_DIM + i] = sv;
                sin[p * ROPE_DIM + half + i] = sv;
            }
        }
        Shape s = new Shape(t, ROPE_DIM);
        return new NDList(m.create(cos, s), m.create(sin, s));
    }
}
