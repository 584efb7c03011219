package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;

/**
 * Where a module gets its random tensors. The reference run records every draw as an {@code rng} entry
 * ({@code rng.<function>}, call = index of the draw in the whole run, arg = label), so a port injects those
 * ({@link RecordedDraws}) instead of re-implementing torch's generator; {@link SeededDraws} makes fresh ones.
 */
public interface RandomDraws {
    /** What the upstream call samples. */
    enum Distribution { UNIFORM, NORMAL }

    /** One request: torch function name ({@code sample}, {@code randn_like}), label, distribution and shape. */
    record Request(String function, String label, Distribution distribution, double low, double high, Shape shape) {
        public static Request normal(String function, String label, Shape shape) {
            return new Request(function, label, Distribution.NORMAL, 0, 1, shape);
        }

        public static Request uniform(String function, String label, double low, double high, Shape shape) {
            return new Request(function, label, Distribution.UNIFORM, low, high, shape);
        }
    }

    /** A drawn float32 tensor and its trace identity. */
    record Draw(EntryId id, NDArray value) {
        static EntryId idOf(Request r, int index) {
            return new EntryId("rng." + r.function(), index, EntryKind.RNG, r.label());
        }
    }

    /** The next draw, owned by {@code manager}. */
    Draw next(NDManager manager, Request request);
}
