package dev.parity.weights;

import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;

/**
 * Statistics of one checkpoint tensor, all from a single pass over its values (as doubles).
 *
 * <p>Moments ({@code mean}, {@code std}, {@code kurtosis}), {@code min}, {@code max} and {@code meanAbs} cover the
 * finite values only; NaN and infinities are counted separately. {@code std} is the population standard deviation.
 * {@code kurtosis} is the plain (not excess) fourth standardized moment: 3 for a normal, 1.8 for a uniform
 * distribution; NaN when {@code std == 0}. {@code rowNormCv} is the coefficient of variation of the L2 norms of the
 * slices along axis 0 (rows of a Linear weight, output channels of a Conv1d weight); NaN for rank &lt; 2, a single
 * row or more than 2^20 rows. {@code zeroFraction} is over all elements.
 *
 * @param key checkpoint name
 * @param layerType layer type inferred from the name and rank ({@link LayerTypes})
 */
public record TensorStats(String key, LayerType layerType, DType dtype, Shape shape, long count, long nanCount,
                          long infCount, double mean, double std, double min, double max, double meanAbs,
                          double zeroFraction, double kurtosis, double rowNormCv, MagnitudeHistogram histogram) {

    /** Number of finite values. */
    public long finiteCount() {
        return count - nanCount - infCount;
    }

    /** True when at least one value is NaN or infinite. */
    public boolean hasNonFinite() {
        return nanCount + infCount > 0;
    }
}
