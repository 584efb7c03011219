package dev.parity.localize;

import dev.parity.compare.Comparison;
import dev.parity.compare.EntryResult;

/**
 * Where an error is born when that is earlier than the first entry past tolerance, or when no entry crosses it:
 * an error under every float32 tolerance that later entries amplify (HiFT's phase sum turns 7e-7 into 1.5e-4) is
 * blamed on where it was born, not on the amplifier.
 *
 * @param culprit the attribution of the birth entry, made as for a first divergence ({@link Attribution})
 * @param basis how the birth entry was found
 * @param floorRatio the birth entry's error over its float32 noise floor (NaN without a floor)
 */
public record Birth(Culprit culprit, Basis basis, double floorRatio) {
    /** How the birth was found. */
    public enum Basis {
        /** The earliest entry of the comparison whose error exceeds {@link NoiseFloor#K_ORIGIN} × its noise floor. */
        FLOOR,
        /**
         * The Java candidate re-run in float64 against the float64 reference: free of float32 rounding, so an error
         * far below the float32 floor shows at the module that makes it.
         */
        FLOAT64_RUN
    }

    /** The index of the birth entry in the reference trace. */
    public int entryIndex() {
        return culprit.first().reference().index();
    }

    /**
     * The earliest entry whose error exceeds {@link NoiseFloor#K_ORIGIN} × its floor, when it comes before the first
     * divergence of {@code c}; null otherwise (no floor, nothing above it, or the first divergence is the birth).
     */
    static Birth fromFloor(CallTree tree, Comparison c, TensorLookup ref, TensorLookup cand, NoiseFloor floor) {
        int first = c.firstDivergence() == null ? Integer.MAX_VALUE : c.firstDivergence().reference().index();
        for (EntryResult r : c.results()) {
            if (r.reference().index() >= first) {
                return null;
            }
            double ratio = r.metrics() == null || floor.at(r.reference().id()) == null ? Double.NaN
                    : floor.ratio(r.reference().id(), r.metrics().relL2());
            if (ratio > NoiseFloor.K_ORIGIN) {
                Comparison born = new Comparison(c.reference(), c.referenceEntries(), c.candidate(),
                        c.candidateEntries(), c.options(), c.results(), c.unmatchedCandidate(), c.suggestions(), r,
                        c.steps());
                return new Birth(Attribution.of(tree, born, ref, cand, floor), Basis.FLOOR, ratio);
            }
        }
        return null;
    }

    /**
     * Tolerance of a float64 comparison (the Java candidate's float64 run against a float64 reference): rel L2
     * ≤ 1e-9. The Java pipeline in float64 matches the upstream float64 twin of s3gen-small-seed1 within 1.5e-10 on
     * every entry (median 3.6e-13), so anything above 1e-9 is a different computation, not rounding.
     */
    public static final dev.parity.compare.Tolerance FLOAT64_TOLERANCE = new dev.parity.compare.Tolerance(1e-12, 1e-9,
            dev.parity.compare.Statistic.REL_L2, 1.0);

    /**
     * Re-runs the Java candidate (with {@code faults}) in float64 into {@code outDir} and diagnoses it against
     * {@code float64Ref} (the clean float64 run of the self floor, or an upstream float64 twin) under
     * {@link #FLOAT64_TOLERANCE}; the birth is where that run first diverges, or null.
     */
    public static Birth float64Rerun(java.nio.file.Path refDump, dev.parity.io.Trace float64Ref,
                                     java.nio.file.Path outDir, dev.parity.port.nn.FaultPlan faults, NoiseFloor floor) {
        java.nio.file.Path run = PortRun.run(refDump, outDir, faults, dev.parity.port.nn.StageFeed.NONE,
                dev.parity.port.run.ReferenceRun.Precision.FLOAT64);
        dev.parity.compare.CompareOptions opts = dev.parity.compare.CompareOptions.defaults()
                .withPolicy(dev.parity.compare.TolerancePolicy.of(FLOAT64_TOLERANCE));
        Diagnosis d64 = new Localizer(opts, NoiseFloor.none()).diagnose(float64Ref,
                dev.parity.io.TraceReader.read(run));
        return fromFloat64(d64, floor);
    }

    /**
     * The birth found by a float64 re-run: {@code float64} is the diagnosis of the candidate's float64 run against
     * the float64 reference; {@code floor} gives the ratio to the float32 floor. Null when that run did not diverge.
     */
    private static Birth fromFloat64(Diagnosis float64, NoiseFloor floor) {
        Culprit c = float64.culprit();
        if (c == null) {
            return null;
        }
        double ratio = c.first().metrics() == null ? Double.NaN
                : floor.ratio(c.first().reference().id(), c.first().metrics().relL2());
        return new Birth(c, Basis.FLOAT64_RUN, ratio);
    }
}
