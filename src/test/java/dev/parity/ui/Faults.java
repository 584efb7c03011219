package dev.parity.ui;

import dev.parity.TraceCopies;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;

/** Candidate traces with an injected fault, built from a copy of a reference dump. */
final class Faults {
    private Faults() {
    }

    /**
     * Copies {@code src} and perturbs every floating-point entry from execution index {@code from} on: the
     * faulty module's output and everything downstream of it. The perturbation varies per element (a 2 % gain
     * plus a small ripple) so difference heatmaps have structure.
     */
    static Path perturbFrom(Path src, Path dst, int from) throws IOException {
        return TraceCopies.copy(src, dst, (i, entry, t) -> i < from || !entry.get("dtype").asText().startsWith("float")
                ? t : perturb(t));
    }

    private static Tensor perturb(Tensor t) {
        float[] v = t.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * 1.02f + 1e-3f * ((i % 7) - 3);
        }
        return Tensor.ofFloats(t.shape(), v);
    }
}
