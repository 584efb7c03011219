package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Scaled dot-product attention with libtorch's operations, softmax(q·kᵀ·scale + bias)·v per head, as diffusers'
 * {@code Attention} computes it — the estimator's ({@code s3gen.Attention}) and the reference the OpenBLAS route
 * ({@link OpenBlas#attention}) is measured and checked against ({@link GemmRoute#attention}, {@link BackendCheck}).
 */
public final class AttentionCore {
    private AttentionCore() {
    }

    /**
     * From the stacked projection (B, T, 3·h·d) — q, k and v one after the other on the last axis, each in head
     * order (h, d) — to (B, T, h·d).
     */
    public static NDArray ofStacked(NDArray qkv, int heads, int dimHead, double scale, NDArray bias) {
        long b = qkv.getShape().get(0);
        long t = qkv.getShape().get(1);
        return ofHeads(split(qkv, heads, dimHead), b, t, heads, dimHead, scale, bias);
    }

    /** q, k and v, each (B·h, T, d), from the stacked projection (B, T, 3·h·d) with one copy into head order. */
    public static NDArray[] split(NDArray qkv, int heads, int dimHead) {
        long b = qkv.getShape().get(0);
        long t = qkv.getShape().get(1);
        NDArray all = qkv.reshape(b, t, 3, heads, dimHead).transpose(2, 0, 3, 1, 4)
                .reshape(3 * b * heads, t, dimHead); // (3·B·h, T, d), a copy in head order
        long bh = b * heads;
        return new NDArray[] {all.get(new NDIndex("0:{}", bh)), all.get(new NDIndex("{}:{}", bh, 2 * bh)),
            all.get(new NDIndex("{}:", 2 * bh))};
    }

    /**
     * From q, k and v, each (B·h, T, d), to (B, T, h·d); {@code bias} (B, 1, T) or null is added over keys. A scale
     * that is a power of two (d = 64: 1/8) multiplies q instead of the scores: exact either way in float32.
     */
    public static NDArray ofHeads(NDArray[] qkv, long b, long t, int heads, int dimHead, double scale,
            NDArray bias) {
        boolean exact = scale == Math.scalb(1.0, Math.getExponent(scale)); // a power of two scales every sum exactly
        NDArray scores = (exact ? qkv[0].mul(scale) : qkv[0]).matMul(qkv[1].transpose(0, 2, 1)); // (B·h, T, T)
        scores = (exact ? scores : scores.mul(scale)).reshape(b, heads, t, t); // (B, h, T, T)
        scores = bias == null ? scores : scores.add(bias.expandDims(1));
        NDArray x = scores.softmax(-1).reshape(b * heads, t, t).matMul(qkv[2]); // (B·h, T, d)
        return x.reshape(b, heads, t, dimHead).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * dimHead);
    }
}
