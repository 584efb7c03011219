package dev.parity.workflow;

import dev.parity.compare.CompareOptions;
import dev.parity.compare.MappingRules;
import dev.parity.io.FileTrees;
import dev.parity.io.InputSet;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.localize.Birth;
import dev.parity.localize.ConditioningPolicy;
import dev.parity.localize.Diagnosis;
import dev.parity.localize.FaultCatalog;
import dev.parity.localize.Localizer;
import dev.parity.localize.NoiseFloor;
import dev.parity.localize.PortRun;
import dev.parity.localize.Replay;
import dev.parity.localize.ReplayResult;
import dev.parity.localize.StageSwaps;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.StageFeed;
import dev.parity.port.run.ConditioningRun;
import dev.parity.port.run.ReferenceRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Diagnoses a candidate trace against a reference (what {@code parity diagnose} and the GUI's diagnosis do): where
 * the error is born and what kind it looks like. Without a candidate the Java port runs on the reference, with
 * faults injected if asked, and the diagnosis adds the stage swaps (one more run per stage boundary fed from the
 * reference) and the replay of the culprit module on the reference's inputs.
 */
public final class DiagnoseService {
    /**
     * What to diagnose.
     *
     * @param candidate the candidate trace, or null for the Java port run on {@code reference}
     * @param faults catalog faults ({@code NAME[@MODULE]}) injected into the Java run
     * @param stageSwaps with the Java run: run the stage swaps (S3Gen and T3 dumps)
     * @param keepRun with the Java run: the directory (new or empty) its trace is written to and kept, or null
     * @param floorTrace a second reference run of the same inputs that gives the noise floor, or null
     * @param selfFloor the noise floor from the Java port run on the reference in float64 (and, with the Java run,
     *                  a float64 re-run to find an error born below float32 rounding)
     * @param rules name-mapping rules for the candidate's names
     */
    public record Request(Path reference, Path candidate, List<String> faults, boolean stageSwaps, Path keepRun,
                          Path floorTrace, boolean selfFloor, MappingRules rules) {
        public Request {
            faults = List.copyOf(faults);
        }

        /**
         * What the GUI diagnoses: the given candidate (or, when null, the Java run with its stage swaps) with mapping
         * rules and, when not null, a noise-floor trace.
         */
        public static Request of(Path reference, Path candidate, Path floorTrace, MappingRules rules) {
            return new Request(reference, candidate, List.of(), true, null, floorTrace, false, rules);
        }
    }

    /**
     * A diagnosis and how it was made.
     *
     * @param candidate the given candidate, or null for the Java port run on the reference
     * @param injections the faults injected into the Java run ("" when none), as {@code [name@module, ...]}
     * @param backendNotes the faulty kernels the Java run routed around ({@link BackendNotes}), to name first
     */
    public record Outcome(Path reference, Path candidate, Diagnosis diagnosis, String injections,
                          List<String> backendNotes) {
        public Outcome {
            backendNotes = List.copyOf(backendNotes);
        }

        /** Whether the candidate was the Java port run on the reference. */
        public boolean javaRun() {
            return candidate == null;
        }

        /** " with [fault@module, ...]" when faults were injected, else "". */
        public String withInjections() {
            return injections.isEmpty() ? "" : " with " + injections;
        }

        /** "Diagnosis: REF vs CAND" or "... vs the Java pipeline [with ...]": the title of its report. */
        public String title() {
            return "Diagnosis: " + reference.getFileName() + " vs " + (candidate != null ? candidate.getFileName()
                    : "the Java pipeline" + withInjections());
        }
    }

    private DiagnoseService() {
    }

    /**
     * Reads and checks the traces (none may be unfinished) and plans the faults, before any work.
     *
     * @throws dev.parity.io.FormatException when a trace is unreadable, invalid or unfinished
     * @throws IllegalArgumentException when a fault is unknown, or faults or {@code keepRun} come with a candidate
     */
    public static Job prepare(Request r) {
        if (r.candidate() != null && (!r.faults().isEmpty() || r.keepRun() != null)) {
            throw new IllegalArgumentException("faults and a kept run apply to the Java run, not to a given candidate");
        }
        FaultPlan plan = FaultCatalog.plan(r.faults(), r.reference());
        Trace ref = TraceReader.read(r.reference()).requireFinished();
        Trace floorRef = r.floorTrace() == null ? null : TraceReader.read(r.floorTrace()).requireFinished();
        Trace given = r.candidate() == null ? null : TraceReader.read(r.candidate()).requireFinished();
        return new Job(r, plan, ref, floorRef, given);
    }

    /** A checked request with its traces read. */
    public static final class Job {
        private final Request request;
        private final FaultPlan plan;
        private final Trace ref;
        private final Trace floorRef;
        private final Trace given;
        private final boolean keepRunExisted; // before the run: a refused run empties it but leaves it
        private final List<String> notes = new ArrayList<>();

        private Job(Request request, FaultPlan plan, Trace ref, Trace floorRef, Trace given) {
            this.request = request;
            this.keepRunExisted = request.keepRun() != null && Files.exists(request.keepRun());
            this.plan = plan;
            this.ref = ref;
            this.floorRef = floorRef;
            this.given = given;
        }

        /** The files the diagnosis reads, which no output may replace. */
        public InputSet inputs() {
            InputSet inputs = new InputSet().addTrace(ref, "the reference");
            if (given != null) {
                inputs.addTrace(given, "the candidate");
            }
            if (floorRef != null) {
                inputs.addTrace(floorRef, "the --tolerance-from trace");
            }
            return inputs;
        }

        /**
         * Diagnoses the candidate, or runs the Java port (on a pipeline built once, for an S3Gen dump) and
         * diagnoses its run with stage swaps and replay.
         */
        public Outcome run() throws IOException {
            Diagnosis d;
            try (ReferenceRun.Loaded loaded = given == null && isS3Gen(request.reference()) ? javaPipeline() : null) {
                d = diagnose(loaded);
            }
            return new Outcome(request.reference(), request.candidate(), d,
                    plan.isEmpty() ? "" : plan.injections().toString(), notes);
        }

        /** The S3Gen pipeline built once from the reference, for the run, the stage swaps and the replay. */
        private ReferenceRun.Loaded javaPipeline() {
            notes.addAll(BackendNotes.check(request.reference()).fresh());
            return PortRun.load(request.reference());
        }

        private Diagnosis diagnose(ReferenceRun.Loaded loaded) throws IOException {
            Path reference = request.reference();
            Trace cand = given != null ? given : loaded != null ? javaRun(loaded)
                    : TraceReader.read(javaRun()).requireFinished();
            FaultCatalog.requireApplied(plan, request.keepRun(), keepRunExisted); // a fault that did nothing
            Path selfRun = request.selfFloor() ? tempDir("parity-self-floor") : null;
            NoiseFloor floor = selfRun != null ? NoiseFloor.self(reference, ref, selfRun)
                    : floorRef == null ? NoiseFloor.none() : NoiseFloor.measure(ref, floorRef);
            boolean conditioning = ConditioningRun.isConditioningDump(reference);
            CompareOptions base = conditioning && floor.isEmpty() ? ConditioningPolicy.options()
                    : CompareOptions.defaults();
            Localizer localizer = new Localizer(base.withRules(request.rules()), floor);
            Diagnosis unfed = localizer.diagnose(ref, cand);
            Diagnosis d = unfed;
            if (selfRun != null && given == null) {
                Birth b = Birth.float64Rerun(reference, TraceReader.read(selfRun), tempDir("parity-float64-run"), plan,
                        floor);
                if (b != null && (d.earlierBirth() == null || b.entryIndex() <= d.earlierBirth().entryIndex())) {
                    d = d.withBirth(b);
                }
            }
            // the stage swaps know the S3Gen and T3 stage boundaries only
            if (given == null && request.stageSwaps() && !conditioning) {
                d = d.withStageSwaps(loaded != null
                        ? StageSwaps.run(loaded, Path.of("stage-swaps"), plan, localizer, StageSwaps.S3GEN, unfed,
                                cand)
                        : StageSwaps.run(reference, tempDir("parity-stage-swaps"), plan, localizer,
                                StageSwaps.of(reference)));
            }
            if (given == null && d.culprit() != null) {
                d = d.withReplays(replays(loaded, d, localizer, floor));
            }
            return d;
        }

        private List<ReplayResult> replays(ReferenceRun.Loaded loaded, Diagnosis d, Localizer localizer,
                                           NoiseFloor floor) {
            if (loaded == null) {
                return Replay.culprit(request.reference(), d.culprit(), plan, localizer.effectiveOptions().policy(),
                        floor);
            }
            try (Replay r = Replay.of(loaded)) {
                return Replay.culprit(r, d.culprit(), plan, localizer.effectiveOptions().policy(), floor);
            }
        }

        /** The Java run on the loaded pipeline: written to the kept directory, else kept in memory (only compared). */
        private Trace javaRun(ReferenceRun.Loaded loaded) {
            return request.keepRun() != null
                    ? TraceReader.read(PortRun.run(loaded, request.keepRun(), plan, StageFeed.NONE)).requireFinished()
                    : PortRun.runInMemory(loaded, Path.of("java-run (in memory)"), plan, StageFeed.NONE);
        }

        /** Runs the Java port on the reference into the kept directory or a temporary one (removed at exit). */
        private Path javaRun() throws IOException {
            notes.addAll(BackendNotes.check(request.reference()).fresh());
            Path dir = request.keepRun() != null ? request.keepRun() : tempDir("parity-diagnose-run");
            return PortRun.run(request.reference(), dir, plan);
        }
    }

    /** Whether a dump is S3Gen (not T3, not conditioning): its Java pipeline is built once for everything. */
    private static boolean isS3Gen(Path reference) {
        return !ConditioningRun.isConditioningDump(reference) && !StageSwaps.of(reference).equals(StageSwaps.T3);
    }

    /** A new temporary directory, removed when the process exits. */
    private static Path tempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FileTrees.deleteQuietly(dir)));
        return dir;
    }
}
