package dev.parity.weights;

/**
 * The initializer check's verdict on one tensor, with the numbers it was based on.
 *
 * @param scaleRatio the observed scale over the scale the matched initializer predicts (bound for uniform, std for
 *                   normal); NaN when no formula applied
 * @param reason one sentence with the deciding statistic
 */
public record InitVerdict(String key, InitKind kind, LayerType layerType, long fanIn, double scaleRatio,
                          String reason) {

    /** True when the tensor looks like an untrained initializer. */
    public boolean looksUntrained() {
        return kind.looksUntrained();
    }
}
