package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** Snake activation (BigVGAN, linear alpha): x + 1/(α + 1e-9)·sin²(α·x), α per channel. */
public class Snake extends Module {
    static final double NO_DIV_BY_ZERO = 1e-9;
    final NDArray alpha; // (in_features)
    final NDArray alphaColumn; // (1, in_features, 1)
    final NDArray reciprocal; // (1, in_features, 1): 1/(α + 1e-9)
    public final int in_features;

    public Snake(String path, Weights w, int inFeatures) {
        super(path);
        this.in_features = inFeatures;
        this.alpha = w.take(child("alpha"), inFeatures);
        this.alphaColumn = alpha.reshape(1, inFeatures, 1);
        this.reciprocal = alphaColumn.add(NO_DIV_BY_ZERO).pow(-1);
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (B, C, T)
        NDArray s = x.mul(alphaColumn).sin().square(); // (B, C, T)
        return c.out(x.add(s.mul(reciprocal))); // (B, C, T)
    }
}
