package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * transformers' {@code DynamicCache}: per decoder layer the keys (after RoPE) and values seen so far, each
 * (B, H, length, head_dim), grown by {@link #update}. The arrays live on the cache's own manager (one per
 * generation), so a step's intermediates can be freed while the cache stays; closing the cache frees it.
 */
public final class DynamicCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] key_cache;
    private final NDArray[] value_cache;

    public DynamicCache(NDManager parent, int numLayers) {
        this.manager = parent.newSubManager();
        this.key_cache = new NDArray[numLayers];
        this.value_cache = new NDArray[numLayers];
    }

    /** Cached positions (0 before the prefill). */
    public long seqLength() {
        return key_cache[0] == null ? 0 : key_cache[0].getShape().get(2);
    }

    /**
     * Appends one call's keys and values to layer {@code layer} and returns the whole cache of that layer.
     *
     * @param k (B, H, T, d) after RoPE
     * @param v (B, H, T, d)
     * @return keys and values (B, H, past + T, d), owned by the cache
     */
    public NDArray[] update(int layer, NDArray k, NDArray v) {
        NDArray oldK = key_cache[layer];
        NDArray oldV = value_cache[layer];
        NDArray nk = oldK == null ? k.duplicate() : oldK.concat(k, 2);
        NDArray nv = oldV == null ? v.duplicate() : oldV.concat(v, 2);
        nk.attach(manager);
        nv.attach(manager);
        if (oldK != null) {
            oldK.close();
            oldV.close();
        }
        key_cache[layer] = nk;
        value_cache[layer] = nv;
        return new NDArray[] {nk, nv};
    }

    public NDArray key(int layer) {
        return key_cache[layer];
    }

    public NDArray value(int layer) {
        return value_cache[layer];
    }

    public int numLayers() {
        return key_cache.length;
    }

    @Override
    public void close() {
        manager.close();
    }
}
