package dev.parity.localize;

import dev.parity.compare.EntryResult;

/**
 * Where the error is born: the innermost module call whose recorded inputs still matched when the first
 * divergence was seen.
 *
 * @param module module path of that call (or the entry name for {@link CulpritKind#INPUTS},
 *               {@link CulpritKind#RANDOM_DRAW}, {@link CulpritKind#FINAL})
 * @param call its call index
 * @param stage the pipeline stage the module belongs to ({@link Stages#of})
 * @param first the first diverging entry
 * @param shape what the error of that entry looks like
 * @param floorRatio relative L2 of {@code first} over its noise floor (NaN without floor)
 * @param laterDivergent diverging entries after {@code first}
 * @param inputsCompared whether any recorded input of the culprit call was compared (false: the candidate did not
 *                       record them, and the attribution rests on every earlier entry matching)
 */
public record Culprit(String module, int call, String stage, CulpritKind kind, EntryResult first, ErrorShape shape,
                      double floorRatio, long laterDivergent, boolean inputsCompared) {
}
