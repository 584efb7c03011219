package dev.parity.ui;

import dev.parity.tensor.Shape;

/**
 * What the layer detail shows for one navigator row: the selected slice of the reference, the candidate and
 * their difference, and a sample of the whole tensor's differences for the histogram.
 *
 * @param leading the index chosen on each leading axis
 * @param cand null when the candidate is missing
 * @param diff null when the shapes differ or the candidate is missing
 * @param diffSample cand − ref over an evenly strided sample of the whole tensor (empty without a diff)
 * @param part for a complex entry, the picture the slices show (magnitude or phase, see {@link ComplexPart});
 *     null for a real one
 */
public record DetailData(NavRow row, Shape refShape, Shape candShape, int[] leading, Slice ref, Slice cand,
                         Slice diff, double[] diffSample, ComplexPart part) {
}
