package dev.parity.localize;

import dev.parity.compare.EntryResult;

/**
 * The verdict on one module call whose output diverged.
 *
 * @param worstOut its worst diverging output entry
 * @param floorRatio that entry's relative L2 error over its noise floor (NaN without floor)
 * @param inputsRecorded whether any of its inputs was compared (false: the verdict rests on execution order)
 */
public record ModuleVerdict(ModuleCall call, Verdict verdict, EntryResult worstOut, double floorRatio,
                            boolean inputsRecorded) {
}
