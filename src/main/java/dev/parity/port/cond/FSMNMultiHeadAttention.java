package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * {@code model_v2.FSMNMultiHeadAttention}: q = query(x), k = key(x) (no bias), v = value(x); rotary embedding
 * (rotate-half) on q and k; q and k each scaled by head_dim^−¼; bidirectional softmax attention with the mask bias;
 * heads concatenated and projected by {@code out}; plus the FSMN memory: v (un-rotated, heads flattened) times the
 * pad mask, depthwise Conv1d (kernel 31, zero padding 15 + 15 by {@code pad_fn}), plus v, times the mask.
 * Returns [output, qk] (the pre-softmax scores, as upstream).
 */
public final class FSMNMultiHeadAttention extends Module {
    public static final int KERNEL_SIZE = 31;
    final Linear query;
    final Linear key;
    final Linear value;
    final Linear out;
    final ConstantPad1d pad_fn;
    final Conv1d fsmn_block;
    public final int n_head;

    public FSMNMultiHeadAttention(String path, Weights w, int nState, int nHead) {
        super(path);
        n_head = nHead;
        query = new Linear(child("query"), w, nState, nState);
        key = new Linear(child("key"), w, nState, nState, false);
        value = new Linear(child("value"), w, nState, nState);
        out = new Linear(child("out"), w, nState, nState);
        int left = (KERNEL_SIZE - 1) / 2;
        pad_fn = new ConstantPad1d(child("pad_fn"), left, KERNEL_SIZE - 1 - left);
        fsmn_block = new Conv1d(child("fsmn_block"), w, ConvSpec.of(nState, nState, KERNEL_SIZE).groups(nState)
                .noBias());
    }

    /**
     * @param x (1, T, D)
     * @param mask additive bias (1, 1, 1, T)
     * @param maskPad (1, T, 1) bool
     * @param rope [cos, sin] each (T, head_dim), and when tracing the complex64 freqs_cis (recorded only)
     */
    public NDList forward(RunContext ctx, NDArray x, NDArray mask, NDArray maskPad, NDList rope) {
        Call c = begin(ctx).in(x).in("mask", mask).in("mask_pad", maskPad)
                .in("freqs_cis", rope.size() > 2 ? rope.get(2) : null);
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long d = x.getShape().get(2);
        long hd = d / n_head;
        double scale = Math.pow(hd, -0.25);
        NDArray q = query.forward(ctx, x).reshape(b, t, n_head, hd); // (B, T, H, hd)
        NDArray k = key.forward(ctx, x).reshape(b, t, n_head, hd);
        NDArray v = value.forward(ctx, x).reshape(b, t, n_head, hd);
        q = rotary(q, rope);
        k = rotary(k, rope);
        NDArray memory = fsmn(ctx, v.reshape(b, t, d), maskPad); // (B, T, D)
        NDArray qs = q.transpose(0, 2, 1, 3).mul(scale); // (B, H, T, hd)
        NDArray ks = k.transpose(0, 2, 3, 1).mul(scale); // (B, H, hd, T)
        NDArray qk = qs.matMul(ks).add(mask); // (B, H, T, T)
        NDArray wv = qk.softmax(-1).matMul(v.transpose(0, 2, 1, 3)); // (B, H, T, hd)
        NDArray o = out.forward(ctx, wv.transpose(0, 2, 1, 3).reshape(b, t, d)).add(memory); // (B, T, D)
        return new NDList(c.out(o), c.out("1", qk));
    }

    /** x·cos + rotate_half(x)·sin, rotate_half = [−x₂, x₁] over the head dimension. */
    static NDArray rotary(NDArray x, NDList rope) {
        long hd = x.getShape().get(3);
        NDArray cos = rope.get(0).expandDims(0).expandDims(2); // (1, T, 1, hd)
        NDArray sin = rope.get(1).expandDims(0).expandDims(2);
        NDArray x1 = x.get(new NDIndex("..., :{}", hd / 2));
        NDArray x2 = x.get(new NDIndex("..., {}:", hd / 2));
        NDArray rot = x2.neg().concat(x1, -1); // (B, T, H, hd)
        return x.mul(cos).add(rot.mul(sin));
    }

    /** {@code forward_fsmn}: (v·mask → pad → depthwise conv) + v·mask, times the mask. */
    private NDArray fsmn(RunContext ctx, NDArray v, NDArray maskPad) {
        NDArray m = maskPad.toType(v.getDataType(), false); // (B, T, 1)
        NDArray inputs = v.mul(m); // (B, T, D)
        NDArray y = fsmn_block.forward(ctx, pad_fn.forward(ctx, inputs.transpose(0, 2, 1))); // (B, D, T)
        return y.transpose(0, 2, 1).add(inputs).mul(m);
    }
}
