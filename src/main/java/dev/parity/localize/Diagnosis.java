package dev.parity.localize;

import dev.parity.compare.Comparison;
import dev.parity.compare.TokenParity;
import java.util.List;

/**
 * Everything {@link Localizer#diagnose} found: the comparison it rests on, where the error is born, the verdict on
 * every module call whose output diverged, the ODE view and the audio-level checks. Formatting belongs to the
 * writers (the CLI's diagnosis report).
 *
 * @param culprit where the error is born, or null when nothing diverged
 * @param verdicts module calls whose output diverged, in execution order
 * @param floorEntries entries with a measured noise floor (0: tolerances are the comparison's own)
 * @param stages per-stage input/output agreement (the trace-only stage view)
 * @param refGuidance the guidance check on the reference's own tensors
 * @param candGuidance the same check on the candidate's tensors
 * @param audio the audio-level checks (halves may be null, see {@link AudioCheck})
 * @param stageSwaps Java runs with one stage boundary fed from the reference (empty for a trace-only diagnosis)
 * @param replays the culprit's module calls (and those inside it) replayed alone on reference inputs (empty for a
 *                trace-only diagnosis)
 * @param tokens the token-level view of a sampled run (empty without a sampler)
 */
public record Diagnosis(Comparison comparison, Culprit culprit, List<ModuleVerdict> verdicts, int floorEntries,
                        List<StageRow> stages, StepMatrix steps, GuidanceCheck refGuidance, GuidanceCheck candGuidance, AudioCheck audio,
                        List<StageSwapRow> stageSwaps, List<ReplayResult> replays, TokenParity tokens) {
    public Diagnosis {
        verdicts = List.copyOf(verdicts);
        stages = List.copyOf(stages);
        stageSwaps = List.copyOf(stageSwaps);
        replays = List.copyOf(replays);
    }

    /** This diagnosis with stage-swap rows added. */
    public Diagnosis withStageSwaps(List<StageSwapRow> rows) {
        return new Diagnosis(comparison, culprit, verdicts, floorEntries, stages, steps, refGuidance, candGuidance,
                audio, rows, replays, tokens);
    }

    /** This diagnosis with replay results added. */
    public Diagnosis withReplays(List<ReplayResult> rs) {
        return new Diagnosis(comparison, culprit, verdicts, floorEntries, stages, steps, refGuidance, candGuidance,
                audio, stageSwaps, rs, tokens);
    }

    public boolean diverged() {
        return culprit != null;
    }

    /** The module calls judged {@link Verdict#ORIGIN}. */
    public List<ModuleVerdict> origins() {
        return verdicts.stream().filter(v -> v.verdict() == Verdict.ORIGIN).toList();
    }

    public long count(Verdict v) {
        return verdicts.stream().filter(x -> x.verdict() == v).count();
    }
}
