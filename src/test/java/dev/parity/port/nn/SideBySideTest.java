package dev.parity.port.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Runs side by side give what the same runs give one after another, in order, and a failure is not swallowed. */
class SideBySideTest {
    private static float[] product(int seed) {
        try (NDManager m = Torch.newManager()) {
            java.util.Random r = new java.util.Random(seed);
            float[] a = new float[64 * 96];
            float[] b = new float[96 * 48];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) r.nextGaussian();
            }
            NDArray x = m.create(a, new Shape(64, 96));
            NDArray y = m.create(b, new Shape(96, 48));
            return Activations.gelu(x.matMul(y)).toFloatArray();
        }
    }

    @Test
    void resultsInOrderAndEqualToSequentialOnes() {
        List<Callable<float[]>> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int seed = i;
            tasks.add(() -> product(seed));
        }
        int before = Torch.threads();
        List<float[]> got = Torch.sideBySide(tasks);
        assertEquals(before, Torch.threads());
        assertEquals(5, got.size());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(product(i), got.get(i), 1e-5f, "task " + i);
        }
    }

    @Test
    void aTaskMayRunTasksSideBySideItself() {
        List<Callable<List<float[]>>> outer = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int seed = 10 * i;
            outer.add(() -> {
                assertFalse(Torch.halvesSideBySide(), "a task is one of the halves already");
                return Torch.sideBySide(List.of(() -> product(seed), () -> product(seed + 1)));
            });
        }
        List<List<float[]>> got = Torch.sideBySide(outer);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(product(10 * i), got.get(i).get(0), 1e-5f);
            assertArrayEquals(product(10 * i + 1), got.get(i).get(1), 1e-5f);
        }
    }

    @Test
    void theFirstFailureIsRethrown() {
        List<Callable<Integer>> tasks = List.of(() -> 1, () -> {
            throw new IllegalStateException("run 2 failed");
        }, () -> 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Torch.sideBySide(tasks));
        assertEquals("run 2 failed", e.getMessage());
    }
}
