package dev.parity.workflow;

import dev.parity.compare.Tolerance;
import dev.parity.compare.TolerancePolicy;
import dev.parity.io.TraceReader;
import dev.parity.localize.ConditioningPolicy;
import dev.parity.localize.FaultCatalog;
import dev.parity.localize.NoiseFloor;
import dev.parity.localize.Replay;
import dev.parity.localize.ReplayResult;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.run.ConditioningRun;
import java.nio.file.Path;
import java.util.List;

/**
 * Replays single modules of the Java port on a reference's recorded inputs (what {@code parity replay} does): each
 * module's own, local error.
 */
public final class ReplayService {
    /**
     * The replayed calls.
     *
     * @param backendNotes the faulty kernels the port routes around ({@link BackendNotes}), to name first
     */
    public record Outcome(List<ReplayResult> results, List<String> backendNotes) {
        public Outcome {
            results = List.copyOf(results);
            backendNotes = List.copyOf(backendNotes);
        }
    }

    private ReplayService() {
    }

    /**
     * Replays the modules whose path matches {@code modules} (glob or {@code re:REGEX}).
     *
     * @param floorTrace a noise-floor trace (per-entry tolerances 10 × its spread), or null
     * @param faults catalog faults ({@code NAME[@MODULE]}) injected into the replay
     * @throws IllegalArgumentException for an unknown fault, or one that no replayed call received
     */
    public static Outcome replay(Path reference, String modules, Path floorTrace, List<String> faults) {
        FaultPlan plan = FaultCatalog.plan(faults, reference);
        List<String> notes = BackendNotes.check(reference).fresh();
        NoiseFloor floor = floorTrace == null ? NoiseFloor.none()
                : NoiseFloor.measure(TraceReader.read(reference), TraceReader.read(floorTrace));
        Tolerance base = ConditioningRun.isConditioningDump(reference) ? ConditioningPolicy.tolerance()
                : Tolerance.DEFAULT;
        TolerancePolicy policy = floor.policy(TolerancePolicy.of(base));
        try (Replay r = Replay.open(reference)) {
            List<ReplayResult> results = r.run(modules, plan, policy, floor);
            FaultCatalog.requireApplied(plan); // no replayed call received it: these are not the replays asked for
            return new Outcome(results, notes);
        }
    }

    /** The fault catalog's names, for the options that inject one. */
    public static List<String> faultNames() {
        return java.util.Arrays.stream(dev.parity.port.nn.Fault.values()).map(dev.parity.port.nn.Fault::id).toList();
    }
}
