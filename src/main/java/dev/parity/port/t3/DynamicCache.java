package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * transformers' {@code DynamicCache}: per decoder layer the keys (after RoPE) and values seen so far, each
 * (B, H, length, head_dim), grown by {@link #update}. Storage is preallocated and doubled when full (new positions are
 * written in place), so a generation allocates a few buffers instead of a slightly larger pair per layer and step,
 * which the native allocator cannot reuse. The buffers live on the cache's own manager (one per generation), so a
 * step's intermediates can be freed while the cache stays; closing the cache frees it.
 */
public final class DynamicCache implements AutoCloseable {
    private static final long MIN_CAPACITY = 64;
    private final NDManager manager;
    private final NDArray[] key_cache; // (B, H, capacity, d)
    private final NDArray[] value_cache; // (B, H, capacity, d)
    private long length;
    private long written; // layers updated at the current length

    public DynamicCache(NDManager parent, int numLayers) {
        this.manager = parent.newSubManager();
        this.key_cache = new NDArray[numLayers];
        this.value_cache = new NDArray[numLayers];
    }

    /** Cached positions (0 before the prefill). */
    public long seqLength() {
        return length;
    }

    /**
     * Appends one call's keys and values to layer {@code layer} and returns the whole cache of that layer.
     *
     * @param k (B, H, T, d) after RoPE
     * @param v (B, H, T, d)
     * @return keys and values (B, H, past + T, d), views of the cache's storage
     */
    public NDArray[] update(int layer, NDArray k, NDArray v) {
        long t = k.getShape().get(2);
        long end = length + t;
        key_cache[layer] = ensure(key_cache[layer], k, end);
        value_cache[layer] = ensure(value_cache[layer], v, end);
        NDIndex fresh = new NDIndex(":, :, {}:{}", length, end);
        key_cache[layer].set(fresh, k);
        value_cache[layer].set(fresh, v);
        if (++written == key_cache.length) { // every layer has the new positions
            written = 0;
            length = end;
        }
        NDManager caller = k.getManager();
        return new NDArray[] {view(key_cache[layer], end, caller), view(value_cache[layer], end, caller)};
    }

    /** {@code buf}, or a buffer of at least {@code needed} positions (doubling) holding its first {@link #length}. */
    private NDArray ensure(NDArray buf, NDArray like, long needed) {
        long capacity = buf == null ? 0 : buf.getShape().get(2);
        if (needed <= capacity) {
            return buf;
        }
        long[] s = like.getShape().getShape();
        long grown = Math.max(MIN_CAPACITY, Math.max(needed, 2 * capacity));
        NDArray b = manager.zeros(new Shape(s[0], s[1], grown, s[3]), like.getDataType());
        if (buf != null) {
            if (length > 0) {
                try (NDArray old = buf.get(new NDIndex(":, :, :{}", length))) {
                    b.set(new NDIndex(":, :, :{}", length), old);
                }
            }
            buf.close();
        }
        return b;
    }

    /** The first {@code n} positions of {@code buf}, owned by {@code m} (so a step's scope frees it). */
    private static NDArray view(NDArray buf, long n, NDManager m) {
        return buf.get(m, new NDIndex(":, :, :{}", n));
    }

    /** Layer {@code layer}'s keys (B, H, length, d) on {@code m} (null before the prefill). */
    public NDArray key(int layer, NDManager m) {
        return key_cache[layer] == null ? null : view(key_cache[layer], length, m);
    }

    /** Layer {@code layer}'s values (B, H, length, d) on {@code m} (null before the prefill). */
    public NDArray value(int layer, NDManager m) {
        return value_cache[layer] == null ? null : view(value_cache[layer], length, m);
    }

    @Override
    public void close() {
        manager.close();
    }
}
