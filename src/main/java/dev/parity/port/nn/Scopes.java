package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.UnaryOperator;

/**
 * Native-memory scopes inside a run. DJL attaches every result to its receiver's manager, so without scopes a
 * run's intermediates all live until the run ends (gigabytes for the full-size estimator). {@link #scoped}
 * runs one block in a sub-manager and keeps only its result.
 */
public final class Scopes {
    private Scopes() {
    }

    /**
     * Applies {@code f} to {@code x} inside a sub-manager of {@code x}'s manager: every array {@code f} creates
     * from {@code x} is freed on return except the result, which is moved to {@code x}'s manager. Arrays of other
     * managers used as arguments are untouched.
     */
    public static NDArray scoped(NDArray x, UnaryOperator<NDArray> f) {
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            x.tempAttach(scope);
            NDArray y = f.apply(x);
            if (y != x) {
                y.attach(parent);
            }
            return y;
        }
    }
}
