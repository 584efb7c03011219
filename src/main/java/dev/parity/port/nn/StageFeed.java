package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import dev.parity.io.EntryId;
import dev.parity.tensor.Tensor;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Module outputs to take from a reference instead of computing them (stage swaps): in a run whose
 * {@link RunContext} carries the feed, a traced module call whose output identity {@code (path, call, out, arg)} is
 * in the map returns the given tensor (cast to the computed output's dtype) in place of its own result, so
 * everything after that boundary runs on reference values. Works on traced runs (the identity needs the trace's
 * call numbering). It may also carry module calls to replay from the unfed run instead of computing them
 * ({@link CallReplay}), where the model offers that ({@link Module.Call#replayed}).
 *
 * @param outputs reference tensors by output identity
 * @param replays calls replayed from an earlier run, by their output identity
 */
public record StageFeed(Map<EntryId, Tensor> outputs, Map<EntryId, CallReplay> replays) {
    /** Nothing fed. */
    public static final StageFeed NONE = new StageFeed(Map.of());

    public StageFeed {
        outputs = Map.copyOf(outputs);
        replays = Map.copyOf(replays);
    }

    /** Reference outputs, nothing replayed. */
    public StageFeed(Map<EntryId, Tensor> outputs) {
        this(outputs, Map.of());
    }

    /** This feed with {@code calls} replayed as well. */
    public StageFeed withReplays(Collection<CallReplay> calls) {
        Map<EntryId, CallReplay> m = new HashMap<>(replays);
        for (CallReplay r : calls) {
            m.put(r.output(), r);
        }
        return new StageFeed(outputs, m);
    }

    /** The replay of the call whose first output is {@code output}, or null. */
    CallReplay replay(EntryId output) {
        return replays.get(output);
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
