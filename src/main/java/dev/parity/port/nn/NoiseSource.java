package dev.parity.port.nn;

import java.util.SplittableRandom;

/** Where the values of random draws come from: a reference's recorded draws, or a seeded generator. */
public interface NoiseSource {
    /**
     * Standard normal values.
     *
     * @param label what the draw is for (e.g. {@code cfm_z})
     * @param index the run-wide draw index
     */
    float[] normal(String label, int index, long... shape);

    /** Uniform values in [low, high). */
    float[] uniform(String label, int index, double low, double high, long... shape);

    /** A deterministic generator (not torch's stream): same seed, same values. */
    static NoiseSource seeded(long seed) {
        return new NoiseSource() {
            @Override
            public float[] normal(String label, int index, long... shape) {
                SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
                float[] v = new float[Math.toIntExact(numel(shape))];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) gaussian(r);
                }
                return v;
            }

            @Override
            public float[] uniform(String label, int index, double low, double high, long... shape) {
                SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
                float[] v = new float[Math.toIntExact(numel(shape))];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (low + (high - low) * r.nextDouble());
                }
                return v;
            }
        };
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble(); // (0, 1]
        double w = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }

    static long numel(long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
