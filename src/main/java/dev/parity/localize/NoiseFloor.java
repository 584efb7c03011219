package dev.parity.localize;

import dev.parity.compare.MetricsCalculator;
import dev.parity.compare.Statistic;
import dev.parity.compare.Tolerance;
import dev.parity.compare.TolerancePolicy;
import dev.parity.io.EntryId;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The noise floor of a reference trace: per entry, the {@link Spread} between the reference and a second
 * reference run of the same inputs (the "floor trace", e.g. the float64 twin of a float32 dump). Entries are
 * paired by identity; an entry the floor trace lacks (or holds in another shape) has no floor.
 *
 * <p>Derived tolerances ({@link #policy}), written once: for each entry with a floor,
 * {@code rtol = max(K · relL2 spread, MIN_RTOL)} and {@code atol = max(K · rms spread, MIN_ATOL)} under
 * the {@link Statistic#REL_L2} statistic, i.e. {@code ‖cand − ref‖₂ ≤ atol·√n + rtol·‖ref‖₂}. With {@code K = 10}
 * a correct port (whose error is of the order of the reference's own rounding) passes, and anything an order of
 * magnitude above the floor fails. Entries without a floor keep the base policy; explicit per-layer overrides of
 * the base policy still win.
 */
public final class NoiseFloor {
    /** Multiple of the measured spread allowed. */
    public static final double K = 10;
    /**
     * Multiple of the measured spread above which an error counts as born there ({@link Birth}), even when it is
     * within the tolerance. A correct float32 port stays below it: the Java S3Gen (float32) against the float32
     * reference s3gen-small-seed1 reaches at most 1.46× the spread over all 1352 entries (median 0.9×), and the Java
     * T3 against t3-small-seed1 at most 3.0× (the sampling probabilities, {@code torch.multinomial()} in, where
     * top-p/min-p concentrate the rounding of a few logits), so 5 leaves a factor 1.7 of margin over the worst
     * correct port measured, while staying half of {@link #K}: an error 5× the reference's own rounding is no
     * longer rounding.
     */
    public static final double K_ORIGIN = 5;
    /** Smallest relative L2 tolerance (float32 unit roundoff is 6e-8; a few ulps of accumulated error). */
    public static final double MIN_RTOL = 1e-6;
    /** Smallest RMS floor, for all-zero references. */
    public static final double MIN_ATOL = 1e-7;

    private final Map<EntryId, Spread> spreads;

    private NoiseFloor(Map<EntryId, Spread> spreads) {
        this.spreads = Collections.unmodifiableMap(new LinkedHashMap<>(spreads));
    }

    /** No floor: every ratio is NaN and {@link #policy} returns its argument. */
    public static NoiseFloor none() {
        return new NoiseFloor(Map.of());
    }

    public boolean isEmpty() {
        return spreads.isEmpty();
    }

    /** Measures the spread of every entry of {@code ref} that {@code floor} also holds (same identity and shape). */
    public static NoiseFloor measure(Trace ref, Trace floor) {
        List<TraceEntry> es = ref.entries();
        Spread[] out = new Spread[es.size()];
        IntStream.range(0, es.size()).parallel().forEach(i -> out[i] = spread(ref, es.get(i), floor));
        Map<EntryId, Spread> m = new LinkedHashMap<>();
        for (int i = 0; i < out.length; i++) {
            if (out[i] != null) {
                m.put(es.get(i).id(), out[i]);
            }
        }
        return new NoiseFloor(m);
    }

    private static Spread spread(Trace ref, TraceEntry r, Trace floor) {
        TraceEntry f = floor.get(r.id());
        if (f == null || !f.shape().equals(r.shape())) {
            return null;
        }
        Tensor b = floor.tensor(f);
        Tensor a = ref.tensor(r);
        return Spread.of(MetricsCalculator.compute(b, a, Tolerance.EXACT));
    }

    /**
     * The self-calibrated floor of a reference dump: the Java pipeline (flow and HiFT) run in float64 on the dump's
     * inputs and recorded draws, written to {@code outDir}, measured against the float32 reference. No upstream
     * float64 run is needed; on s3gen-small-seed1 this float64 run matches the upstream float64 twin within
     * 1.5e-10 rel L2 on every entry, so the floor is the twin's.
     *
     * @throws dev.parity.io.FormatException when the dump cannot be run (names the file)
     */
    public static NoiseFloor self(Path refDump, Trace ref, Path outDir) {
        Path run = PortRun.run(refDump, outDir, dev.parity.port.nn.FaultPlan.NONE, dev.parity.port.nn.StageFeed.NONE,
                dev.parity.port.run.ReferenceRun.Precision.FLOAT64);
        return measure(ref, dev.parity.io.TraceReader.read(run));
    }

    /** Spreads by entry identity, in the reference's execution order. */
    public Map<EntryId, Spread> spreads() {
        return spreads;
    }

    /** The spread at {@code id}, or null when the floor trace has no such entry. */
    public Spread at(EntryId id) {
        return spreads.get(id);
    }

    /** The largest spread of each module name over its calls and arguments, in execution order. */
    public Map<String, Spread> byName() {
        Map<String, Spread> m = new LinkedHashMap<>();
        spreads.forEach((id, s) -> m.merge(id.name(), s, Spread::max));
        return m;
    }

    /** The tolerance derived for a spread (see class doc). */
    public static Tolerance toleranceFor(Spread s) {
        return new Tolerance(Math.max(K * s.rms(), MIN_ATOL), Math.max(K * s.relL2(), MIN_RTOL), Statistic.REL_L2,
                1.0);
    }

    /** {@code base} with a tolerance for every entry that has a floor (see class doc). */
    public TolerancePolicy policy(TolerancePolicy base) {
        Map<EntryId, Tolerance> m = new LinkedHashMap<>();
        spreads.forEach((id, s) -> m.put(id, toleranceFor(s)));
        return base.withEntryTolerances(m);
    }

    /** How many times the floor a relative L2 error is; +∞ for a zero floor and non-zero error, NaN without floor. */
    public double ratio(EntryId id, double relL2) {
        Spread s = spreads.get(id);
        if (s == null) {
            return Double.NaN;
        }
        return relL2 / Math.max(s.relL2(), MIN_RTOL / K);
    }
}
