package dev.parity.port.nn;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;

/**
 * Fresh draws from a seeded Java generator (not torch's stream): for runs without a reference, such as benchmarks.
 * Draw indices continue from {@code firstIndex}.
 */
public final class SeededDraws implements RandomDraws {
    private final SplittableRandom random;
    private int index;

    public SeededDraws(long seed, int firstIndex) {
        this.random = new SplittableRandom(seed);
        this.index = firstIndex;
    }

    @Override
    public Draw next(NDManager manager, Request r) {
        float[] v = new float[Math.toIntExact(r.shape().size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.distribution() == Distribution.UNIFORM
                    ? r.low() + random.nextDouble() * (r.high() - r.low())
                    : gaussian());
        }
        return new Draw(Draw.idOf(r, index++), manager.create(v, r.shape()));
    }

    private double gaussian() {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
