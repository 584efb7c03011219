package dev.parity.workflow;

import dev.parity.compare.EntryResult;
import dev.parity.compare.SamplerLayout;
import dev.parity.compare.TokenFlip;
import dev.parity.io.EntryId;
import dev.parity.localize.Birth;
import dev.parity.localize.Culprit;
import dev.parity.localize.Diagnosis;
import dev.parity.localize.ErrorKind;
import dev.parity.localize.ErrorShape;
import dev.parity.localize.NoiseFloor;
import dev.parity.report.Numbers;
import dev.parity.report.Summaries;
import dev.parity.report.TokenReport;

/** The sentences of a diagnosis: the headline (first sentence of every report) and the error-kind phrase. */
public final class DiagnosisSentences {
    private DiagnosisSentences() {
    }

    /** Where the problem starts and what kind it looks like; "No divergence: ..." when nothing diverged. */
    public static String headline(Diagnosis d) {
        Culprit c = d.culprit();
        Birth b = d.earlierBirth();
        if (b != null) {
            return birth(b, c);
        }
        if (c == null && (d.comparison().nothingCompared() || d.comparison().missingFailures() > 0)) {
            return Summaries.headline(d.comparison()); // missing entries fail: never "No divergence:"
        }
        if (c == null) {
            return "No divergence: all " + d.comparison().aligned() + " aligned entries are within tolerance"
                    + (d.floorEntries() > 0 ? " (tolerances from the noise floor)" : "") + ".";
        }
        if (sampledToken(d)) {
            return "The problem starts at a sampled token (" + c.first().reference().id() + "): "
                    + TokenReport.headline(d.tokens()) + " " + c.laterDivergent() + " later entries differ.";
        }
        String err = errorOf(c);
        String tail = " that looks like " + kind(c.shape(), c.first()) + "; " + c.laterDivergent()
                + " later entries inherit it." + (maybeRounding(d, c) ? NO_FLOOR : "");
        return switch (c.kind()) {
            case MODULE_OUTPUT -> "The problem starts in " + where(c) + ": " + inputs(c) + " but its "
                    + "output differs by " + err + " — a local error (origin)" + tail;
            case INSIDE_MODULE -> "The problem starts inside " + where(c) + ": " + inputs(c) + " but "
                    + "the input of " + c.first().reference().id() + " already differs by " + err
                    + " — a local error between recorded points (origin)" + tail;
            case INPUTS -> "The problem starts at the run's inputs: " + c.first().reference().id() + " differs by "
                    + err + " before any module runs — an input error" + tail;
            case RANDOM_DRAW -> "The problem starts at the random draw " + c.first().reference().id()
                    + ": it differs by " + err + " — the candidate did not inject the recorded draws" + tail;
            case FINAL -> "The problem starts after the last traced module: " + c.first().reference().id()
                    + " differs by " + err + " — a post-processing error" + tail;
        };
    }

    /**
     * Said after the headline when no noise floor was used and the first divergence is small: the fixed default
     * tolerance cannot tell float32 rounding that a computation amplifies (HiFT's sine source sums phases over
     * every sample: 4.7e-5 rel L2 between two correct float32 runs of the bundled dump) from a real error.
     */
    static final String NO_FLOOR = " No noise floor was used, and an error this small can be float32 rounding that "
            + "the computation amplifies: a float64 run of the same inputs as the floor (parity diagnose "
            + "--tolerance-from) tells the two apart.";

    /** Below this rel L2 a first divergence without a noise floor may be rounding ({@link #NO_FLOOR}). */
    static final double ROUNDING_REL_L2 = 1e-3;

    private static boolean maybeRounding(Diagnosis d, Culprit c) {
        EntryResult f = c.first();
        return d.floorEntries() == 0 && c.shape().kind() == ErrorKind.SMALL && f.metrics() != null
                && f.metrics().relL2() < ROUNDING_REL_L2;
    }

    /** The error is born before the first entry past tolerance (or no entry crosses it): name the birth. */
    private static String birth(Birth b, Culprit first) {
        Culprit c = b.culprit();
        String err = Numbers.brief(c.first().metrics().relL2()) + " rel L2";
        String ratio = Double.isNaN(b.floorRatio()) ? "" : " (" + Numbers.brief(b.floorRatio()) + "× the float32 noise floor)";
        String at = switch (c.kind()) {
            case MODULE_OUTPUT -> "its inputs match but its output differs by " + err + ratio;
            case INSIDE_MODULE -> "its inputs match but the input of " + c.first().reference().id()
                    + " already differs by " + err + ratio;
            default -> c.first().reference().id() + " differs by " + err + ratio;
        };
        String how = b.basis() == Birth.Basis.FLOAT64_RUN
                ? ": in a float64 re-run of the candidate against the float64 reference, " + at
                    + " — an error too small for a float32 comparison to show"
                : ": " + at + ", more than " + Numbers.brief(NoiseFloor.K_ORIGIN) + "× its floor (rounding stays below"
                    + " that) though within tolerance — an error born here";
        String then = first == null && b.basis() == Birth.Basis.FLOAT64_RUN
                ? "; no entry of the float32 run crosses its tolerance, but " + c.laterDivergent()
                    + " later entries of the float64 run inherit it."
                : first == null ? "; no entry crosses its tolerance."
                : "; the first entry past tolerance, " + first.first().reference().id() + " in " + first.module()
                    + ", only inherits this sub-tolerance error from upstream.";
        return "The problem starts in " + where(c) + how + then;
    }

    /** Whether the first divergence is the token of the first step whose sampled token differs. */
    private static boolean sampledToken(Diagnosis d) {
        TokenFlip f = d.tokens().firstFlip();
        EntryId id = d.culprit().first().reference().id();
        SamplerLayout l = d.tokens().layout();
        return f != null && (id.equals(l.token(f.step())) || id.equals(l.samplerOut(f.step())));
    }

    private static String inputs(Culprit c) {
        return c.inputsCompared() ? "its inputs match the reference"
                : "every earlier entry matches the reference (the candidate did not record its inputs)";
    }

    private static String where(Culprit c) {
        return c.module() + " (call " + c.call() + ", stage " + c.stage() + ")";
    }

    private static String errorOf(Culprit c) {
        EntryResult f = c.first();
        if (f.metrics() == null) {
            return "shape (" + f.finding() + ")";
        }
        String s = Numbers.brief(f.metrics().relL2()) + " rel L2";
        return Double.isNaN(c.floorRatio()) ? s : s + " (" + Numbers.brief(c.floorRatio()) + "× the noise floor)";
    }

    /** "a gain error (×0.75)", "a structural error (...)", ... */
    private static String kind(ErrorShape s, EntryResult f) {
        return switch (s.kind()) {
            case SHAPE -> "a shape/layout error" + (f.finding() != null ? " (" + f.finding() + ")" : "");
            case NON_FINITE -> "NaN/Inf values where the reference is finite";
            case GAIN -> "a gain error (×" + Numbers.brief(s.gain()) + ")";
            case SIGN -> "a sign flip (×−1)";
            case OFFSET -> "an offset (" + (s.offset() >= 0 ? "+" : "") + Numbers.brief(s.offset()) + ")";
            case AFFINE -> "a gain and offset error (×" + Numbers.brief(s.affineGain()) + " "
                    + (s.offset() >= 0 ? "+" : "") + Numbers.brief(s.offset()) + ")";
            case SMALL -> "a small unstructured error (precision, eps or rounding)";
            case STRUCTURAL -> "a structural error (wrong computation: layout, weights or formula), not a gain";
        };
    }
}
