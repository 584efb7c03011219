package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.parity.port.nn.AttentionCore;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.GemmRoute;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.OpCensus;
import dev.parity.port.nn.OpenBlas;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.Weights;
import java.util.List;

/**
 * diffusers Attention, self-attention only: to_q/to_k/to_v (no bias), softmax(q·kᵀ·d^−½ + bias)·v per head,
 * to_out.0 (bias); the (B, 1, T) bias is added over keys (broadcast over heads and queries); a null bias is all
 * zeros (nothing masked), whose addition changes no score and is skipped.
 *
 * <p>q, k and v come from one product with the three weights stacked, and a scale that is a power of two (d = 64:
 * 1/8) multiplies q instead of the scores ({@link AttentionCore}): both are exact in float32, so the numbers are
 * those of three products and scaled scores, up to the summation order the GEMM picks for the wider product
 * (bench/pipeline.md). On one libtorch thread (each CFG half of a full-size run) the core may go to OpenBLAS
 * instead, straight from the stacked product ({@link OpenBlas#attention}: one product per head, no copies into
 * head order), where that was measured faster ({@link GemmRoute#attention}).
 */
public class Attention extends Module {
    final Linear to_q;
    final Linear to_k;
    final Linear to_v;
    final Linear to_out_0;
    public final int heads;
    public final int dim_head;
    public final double scale;
    private final Linear.Product stacked; // x·[W_q; W_k; W_v]ᵀ
    private final boolean fullSize; // the stack is a full-size weight (Linear's OpenBLAS route applies)

    public Attention(String path, Weights w, int queryDim, int heads, int dimHead) {
        super(path);
        this.heads = heads;
        this.dim_head = dimHead;
        this.scale = Math.pow(dimHead, -0.5);
        int inner = heads * dimHead;
        NDArray qkv = w.stacked(List.of(child("to_q.weight"), child("to_k.weight"), child("to_v.weight")), inner,
                queryDim); // (3·h·d, C); the three layers hold views of its rows
        this.stacked = new Linear.Product(qkv, null);
        this.fullSize = qkv.size() >= Linear.OPENBLAS_MIN_WEIGHT;
        this.to_q = new Linear(child("to_q"), qkv.get(new NDIndex("0:{}", inner)));
        this.to_k = new Linear(child("to_k"), qkv.get(new NDIndex("{}:{}", inner, 2 * inner)));
        this.to_v = new Linear(child("to_v"), qkv.get(new NDIndex("{}:", 2 * inner)));
        this.to_out_0 = new Linear(child("to_out.0"), w, inner, queryDim, true);
        OpCensus.attention(heads, dimHead);
    }

    public NDArray forward(RunContext ctx, NDArray hiddenStates, NDArray attentionMask) {
        Call c = begin(ctx).in(hiddenStates).in("attention_mask", attentionMask); // (B, T, C), (B, 1, T)
        long b = hiddenStates.getShape().get(0);
        long t = hiddenStates.getShape().get(1);
        double s = faulty(ctx, Fault.ATTENTION_SCALE_MISSING) ? 1 : scale;
        NDArray[] qkv;
        if (to_q.plain(ctx) && to_k.plain(ctx) && to_v.plain(ctx)) {
            NDArray y = stacked.apply(hiddenStates); // (B, T, 3·h·d)
            NDArray[] fed = ctx.tracing() ? recorded(ctx, hiddenStates, y) : null;
            if (fed == null && onOpenBlas(y)) {
                NDArray x = OpenBlas.get().orElseThrow().attention(y, heads, dim_head, s,
                        attentionMask == null ? null : bias(ctx, attentionMask)); // (B, T, h·d)
                return c.out(to_out_0.forward(ctx, x)); // (B, T, C)
            }
            qkv = fed != null ? fed : AttentionCore.split(y, heads, dim_head);
        } else { // a fault in a projection
            qkv = new NDArray[] {heads(to_q.forward(ctx, hiddenStates), b, t),
                heads(to_k.forward(ctx, hiddenStates), b, t), heads(to_v.forward(ctx, hiddenStates), b, t)};
        }
        NDArray x = AttentionCore.ofHeads(qkv, b, t, heads, dim_head, s,
                attentionMask == null ? null : bias(ctx, attentionMask)); // (B, T, h·d)
        return c.out(to_out_0.forward(ctx, x)); // (B, T, C)
    }

    /**
     * Whether the core (scores, softmax, weighted sum) goes to the machine's OpenBLAS ({@link OpenBlas#attention})
     * instead of libtorch ({@link AttentionCore}): float32, a full-size model, one libtorch thread here (each CFG
     * half) and OpenBLAS measured faster there ({@link GemmRoute#attention}). On the AMD EPYC (Zen 5) here it takes
     * 0.6× the time of libtorch's copies into head order, oneMKL's batched products on its generic AMD path and
     * the copy back (bench/pipeline.md, {@code AttentionBench}).
     */
    private boolean onOpenBlas(NDArray y) {
        return y.getDataType() == DataType.FLOAT32 && fullSize && Torch.oneThreadHere()
                && GemmRoute.attention().openBlas();
    }

    /**
     * When tracing, the stacked product's three parts are recorded as to_q/to_k/to_v calls with their (B, T, h·d)
     * slices; if a stage swap feeds one of them, q, k and v in head order (B·h, T, d) with what was fed, else null.
     */
    private NDArray[] recorded(RunContext ctx, NDArray hiddenStates, NDArray y) {
        int inner = heads * dim_head;
        Linear[] projections = {to_q, to_k, to_v};
        NDArray[] parts = new NDArray[3];
        boolean fed = false;
        for (int i = 0; i < 3; i++) {
            NDArray part = y.get(new NDIndex(":, :, {}:{}", i * inner, (i + 1) * inner)); // (B, T, h·d)
            parts[i] = projections[i].recorded(ctx, hiddenStates, part);
            fed |= parts[i] != part;
        }
        if (!fed) {
            return null;
        }
        long b = y.getShape().get(0);
        long t = y.getShape().get(1);
        return new NDArray[] {heads(parts[0], b, t), heads(parts[1], b, t), heads(parts[2], b, t)};
    }

    /** The (B, 1, T) bias as given, or (fault injection) ignored or inverted (0 ↔ −1e10). */
    private NDArray bias(RunContext ctx, NDArray attentionMask) {
        if (faulty(ctx, Fault.ATTENTION_MASK_IGNORED)) {
            return attentionMask.zerosLike();
        }
        if (faulty(ctx, Fault.ATTENTION_MASK_INVERTED)) {
            return attentionMask.eq(0).toType(attentionMask.getDataType(), false).mul(-1e10);
        }
        return attentionMask;
    }

    /** (B, T, h·d) → (B·h, T, d). */
    private NDArray heads(NDArray x, long b, long t) {
        return x.reshape(b, t, heads, dim_head).transpose(0, 2, 1, 3).reshape(b * heads, t, dim_head);
    }
}
