package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.RunContext;

/**
 * {@code librosa.effects.trim(y, top_db)} (frame_length 2048, hop 512, ref = max): per frame the mean square over
 * 2048 samples of the zero-padded (1024 each side) wave; frames within {@code top_db} of the loudest are
 * non-silent; keeps samples [first·512, min(L, (last + 1)·512)). All silent → empty.
 */
public final class Trim extends TracedFunction {
    public static final int FRAME_LENGTH = 2048;
    public static final int HOP = 512;
    private final double topDb;

    public Trim(String path, double topDb) {
        super(path, "librosa.effects.trim");
        this.topDb = topDb;
    }

    /** The trimmed wave (L') and, as output "1", the interval [start, end) as int64 (2). */
    public NDArray forward(RunContext ctx, NDArray y) {
        Call c = start(ctx).in(y); // (L)
        float[] x = y.toFloatArray();
        long[] iv = interval(x);
        float[] kept = java.util.Arrays.copyOfRange(x, (int) iv[0], (int) iv[1]);
        NDArray out = c.out(y.getManager().create(kept, new Shape(kept.length))); // (L')
        c.out("1", y.getManager().create(iv, new Shape(2)));
        return out;
    }

    /** [start, end) of the non-silent part; [0, 0) when every frame is silent. */
    long[] interval(float[] x) {
        int frames = 1 + x.length / HOP;
        float[] power = new float[frames];
        float maxPower = 0;
        for (int t = 0; t < frames; t++) {
            double acc = 0;
            for (int j = 0; j < FRAME_LENGTH; j++) {
                int i = t * HOP + j - FRAME_LENGTH / 2;
                if (i >= 0 && i < x.length) {
                    acc += (double) x[i] * x[i];
                }
            }
            float rms = (float) Math.sqrt((float) (acc / FRAME_LENGTH));
            power[t] = rms * rms;
            maxPower = Math.max(maxPower, power[t]);
        }
        double ref = 10 * Math.log10(Math.max(1e-10, maxPower));
        int first = -1;
        int last = -1;
        for (int t = 0; t < frames; t++) {
            if (10 * Math.log10(Math.max(1e-10, power[t])) - ref > -topDb) {
                first = first < 0 ? t : first;
                last = t;
            }
        }
        if (first < 0) {
            return new long[] {0, 0};
        }
        return new long[] {(long) first * HOP, Math.min(x.length, (long) (last + 1) * HOP)};
    }
}
