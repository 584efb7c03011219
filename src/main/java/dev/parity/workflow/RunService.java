package dev.parity.workflow;

import dev.parity.io.FormatException;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.localize.FaultCatalog;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.StageFeed;
import dev.parity.port.nn.TraceSettings;
import dev.parity.port.run.ConditioningRun;
import dev.parity.port.run.HiFTRunner;
import dev.parity.port.run.ReferenceDump;
import dev.parity.port.run.ReferenceRun;
import dev.parity.port.run.StageBoundary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the Java port on a reference dump into a candidate trace (what {@code parity run} and the GUI's pipeline
 * run do): S3Gen whole, its flow alone or HiFT alone, T3 or the conditioning front end, whichever the dump holds;
 * with stage boundaries fed from the reference, faults injected, float64, or other recording.
 */
public final class RunService {
    /** Which part of S3Gen runs: flow + vocoder, the flow alone, or HiFT alone on the reference mel. */
    public enum Stage { ALL, FLOW, VOCODER }

    /** With {@link Stage#VOCODER}: what HiFT takes from the reference instead of computing it. */
    public enum Injection { NONE, F0, SOURCE }

    /**
     * What to run.
     *
     * @param feeds stage boundaries taken from the reference ({@link StageBoundary} names; {@code waves} on a
     *              conditioning dump)
     * @param traceAll record every call, not only what the reference recorded
     * @param record module globs to record instead of what the reference recorded (empty: none)
     * @param faults catalog faults, {@code NAME[@MODULE]}
     * @param precision {@code float32} or {@code float64}
     */
    public record Request(Path refDump, Path out, Stage stage, Injection inject, List<String> feeds, boolean traceAll,
                          List<String> record, List<String> faults, String precision) {
        public Request {
            feeds = List.copyOf(feeds);
            record = List.copyOf(record);
            faults = List.copyOf(faults);
        }

        /** The whole pipeline as the reference recorded it: no feed, no fault, float32. */
        public static Request asRecorded(Path refDump, Path out) {
            return new Request(refDump, out, Stage.ALL, Injection.NONE, List.of(), false, List.of(), List.of(),
                    "float32");
        }
    }

    /**
     * What a run did.
     *
     * @param wavFile the audio HiFT wrote ({@link Stage#VOCODER}), else null
     * @param backendNotes the faulty kernels the run routed around ({@link BackendNotes}), to name before the result
     */
    public record Outcome(Path traceDir, int entries, double seconds, Path wavFile, List<String> backendNotes) {
        public Outcome {
            backendNotes = List.copyOf(backendNotes);
        }
    }

    private RunService() {
    }

    /** The stage boundary a feed name stands for ({@link StageBoundary#named}). */
    public static StageBoundary boundary(String feed) {
        try {
            return StageBoundary.named(feed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--feed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the request's options against each other and the kind of dump, before any work.
     *
     * @throws IllegalArgumentException when they do not go together (a usage error; the message says why)
     * @throws FormatException when the dump cannot be read to tell its kind
     */
    public static Job prepare(Request r) {
        boolean conditioning = ConditioningRun.isConditioningDump(r.refDump());
        FaultPlan plan = FaultCatalog.plan(r.faults(), r.refDump());
        ReferenceRun.Precision prec = ReferenceRun.Precision.parse(r.precision());
        if (prec != ReferenceRun.Precision.FLOAT32 && (r.stage() == Stage.VOCODER || conditioning)) {
            throw new IllegalArgumentException("--precision float64 goes with --stage all or flow of an S3Gen dump");
        }
        if (conditioning) {
            checkConditioning(r);
        } else {
            r.feeds().forEach(RunService::boundary);
        }
        if (!r.feeds().isEmpty() && r.stage() == Stage.VOCODER) {
            throw new IllegalArgumentException("--feed goes with --stage all or flow; use --inject with vocoder");
        }
        if (!r.record().isEmpty() && (r.traceAll() || r.stage() == Stage.VOCODER)) {
            throw new IllegalArgumentException("--record goes with --stage all or flow, without --trace-all");
        }
        TraceSettings recording = r.record().isEmpty() ? null : TraceSettings.modules(r.record());
        return new Job(r, plan, prec, recording);
    }

    /** A conditioning dump runs the whole front end; only the {@code waves} feed applies. */
    private static void checkConditioning(Request r) {
        if (r.stage() != Stage.ALL || r.inject() != Injection.NONE
                || r.feeds().stream().anyMatch(f -> !f.equals("waves"))) {
            throw new IllegalArgumentException(r.refDump() + " is a conditioning dump: it runs the whole conditioning "
                    + "front end; only --feed waves (the reference's resampled waves) applies, --stage, --inject and "
                    + "the other --feed boundaries are for S3Gen dumps");
        }
    }

    /** A checked request, ready to run. */
    public static final class Job {
        private final Request request;
        private final FaultPlan plan;
        private final ReferenceRun.Precision precision;
        private final TraceSettings recording;
        private final boolean outExisted; // before the run: the run may write only into it, never remove it

        private Job(Request request, FaultPlan plan, ReferenceRun.Precision precision, TraceSettings recording) {
            this.request = request;
            this.outExisted = request.out() != null && java.nio.file.Files.exists(request.out());
            this.plan = plan;
            this.precision = precision;
            this.recording = recording;
        }

        /**
         * Whether the dump holds T3 (run it with {@link #runT3}).
         *
         * @throws FormatException when the dump is unreadable or invalid
         */
        public boolean isT3() {
            return ReferenceDump.open(request.refDump()).isT3();
        }

        /**
         * Runs T3 with {@code options}; bad input found while running (an id outside a vocabulary, a wrong-sized
         * speaker embedding) is an {@link IllegalArgumentException}.
         */
        public Outcome runT3(ReferenceRun.T3Options options) {
            ReferenceRun.Summary s = ReferenceRun.runT3(request.refDump(), request.out(), options, plan, feed());
            FaultCatalog.requireApplied(plan, request.out(), outExisted); // else the trace is not the run asked for
            return new Outcome(s.traceDir(), s.entries(), s.seconds(), null, List.of());
        }

        /**
         * Runs S3Gen (the request's stage) or the conditioning front end, after the quick backend check.
         *
         * @throws FormatException when the dump is unreadable or invalid (names the file)
         * @throws dev.parity.port.nn.WeightLoadException when its weights do not fit the model
         */
        public Outcome run() {
            BackendNotes backend = BackendNotes.check(request.refDump());
            List<String> notes = new java.util.ArrayList<>(backend.fresh());
            if (request.stage() == Stage.VOCODER) {
                return vocoder(notes);
            }
            ReferenceRun.Stage st = request.stage() == Stage.ALL ? ReferenceRun.Stage.ALL : ReferenceRun.Stage.FLOW;
            ReferenceRun.Summary s = ReferenceRun.run(request.refDump(), request.out(), new ReferenceRun.Options(st,
                    !request.traceAll(), st == ReferenceRun.Stage.ALL ? HiFTGenerator::create : null, recording),
                    plan, feed(), precision);
            FaultCatalog.requireApplied(plan, request.out(), outExisted); // else the trace is not the run asked for
            notes.addAll(backend.fresh());
            return new Outcome(s.traceDir(), s.entries(), s.seconds(), null, notes);
        }

        private Outcome vocoder(List<String> notes) {
            HiFTRunner.Injection inj = switch (request.inject()) {
                case F0 -> HiFTRunner.Injection.F0;
                case SOURCE -> HiFTRunner.Injection.F0_AND_SOURCE;
                case NONE -> HiFTRunner.Injection.NONE;
            };
            try (HiFTRunner r = HiFTRunner.open(request.refDump())) {
                HiFTRunner.Result res = r.run(request.out(), inj, null, plan);
                FaultCatalog.requireApplied(plan, request.out(), outExisted); // else the trace is not the run asked for
                return new Outcome(res.traceDir(), res.entries(), res.seconds(), res.wavFile(), notes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The reference outputs the feeds name (the tensors are mapped when the run starts). */
        private StageFeed feed() {
            if (request.feeds().isEmpty()) {
                return StageFeed.NONE;
            }
            Trace ref = TraceReader.read(request.refDump());
            if (request.feeds().contains("waves")) {
                return ConditioningRun.wavesFeed(ref);
            }
            return StageBoundary.feed(ref, request.feeds().stream().map(RunService::boundary).toList());
        }
    }
}
