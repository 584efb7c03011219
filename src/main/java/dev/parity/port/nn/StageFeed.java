package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import dev.parity.io.EntryId;
import dev.parity.tensor.Tensor;
import java.util.Map;

/**
 * Module outputs to take from a reference instead of computing them (stage swaps): in a run whose
 * {@link RunContext} carries the feed, a traced module call whose output identity {@code (path, call, out, arg)} is
 * in the map returns the given tensor (cast to the computed output's dtype) in place of its own result, so
 * everything after that boundary runs on reference values. Works on traced runs (the identity needs the trace's
 * call numbering).
 *
 * @param outputs reference tensors by output identity
 */
public record StageFeed(Map<EntryId, Tensor> outputs) {
    /** Nothing fed. */
    public static final StageFeed NONE = new StageFeed(Map.of());

    public StageFeed {
        outputs = Map.copyOf(outputs);
    }

    /**
     * The fed tensor for {@code id} on {@code y}'s manager, or {@code y} itself when nothing is fed there.
     *
     * @throws IllegalArgumentException when the fed tensor's shape differs from the computed output's
     */
    public NDArray replace(EntryId id, NDArray y) {
        Tensor t = outputs.get(id);
        if (t == null) {
            return y;
        }
        ai.djl.ndarray.types.Shape s = new ai.djl.ndarray.types.Shape(t.shape().dims());
        if (!s.equals(y.getShape())) {
            throw new IllegalArgumentException("stage feed for " + id + ": reference shape " + s
                    + " differs from the computed " + y.getShape());
        }
        return y.getManager().create(t.toFloatArray(), s).toType(y.getDataType(), false);
    }
}
