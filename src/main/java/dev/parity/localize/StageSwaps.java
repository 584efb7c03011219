package dev.parity.localize;

import dev.parity.compare.Comparison;
import dev.parity.compare.EntryResult;
import dev.parity.compare.PriorResults;
import dev.parity.io.EntryId;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.CallReplay;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.StageFeed;
import dev.parity.port.nn.Torch;
import dev.parity.port.run.ReferenceRun;
import dev.parity.port.run.StageBoundary;
import dev.parity.port.s3gen.S3Token2Wav;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Stage swaps: the Java pipeline run once per stage boundary with that boundary's output taken from the
 * reference (encoder output → decoder, decoder output (mel) → vocoder, f0 → source module, source → HiFT decode),
 * each diagnosed against the reference. An error born upstream of a boundary disappears from the end results
 * once that boundary is fed; one born downstream stays.
 */
public final class StageSwaps {
    /** The S3Gen swaps ({@link StageBoundary#S3GEN}), upstream first; the first row feeds nothing. */
    public static final List<StageBoundary> S3GEN = unfedFirst(StageBoundary.S3GEN);

    /** The T3 swaps ({@link StageBoundary#T3}); the first row feeds nothing. */
    public static final List<StageBoundary> T3 = unfedFirst(StageBoundary.T3);

    private StageSwaps() {
    }

    private static List<StageBoundary> unfedFirst(List<StageBoundary> boundaries) {
        return Stream.concat(Stream.of(StageBoundary.NONE), boundaries.stream()).toList();
    }

    /** The boundaries of the model a reference dump holds ({@link #T3} or {@link #S3GEN}). */
    public static List<StageBoundary> of(Path refDump) {
        return dev.parity.port.run.ReferenceDump.open(refDump).isT3() ? T3 : S3GEN;
    }

    /** Runs every boundary of {@code boundaries} into subdirectories of {@code workDir}. */
    public static List<StageSwapRow> run(Path refDump, Path workDir, FaultPlan faults, Localizer localizer,
                                         List<StageBoundary> boundaries) {
        Trace ref = TraceReader.read(refDump);
        List<StageSwapRow> rows = new ArrayList<>();
        for (int i = 0; i < boundaries.size(); i++) {
            StageBoundary b = boundaries.get(i);
            StageFeed feed = StageBoundary.feed(ref, List.of(b));
            Path dir = PortRun.run(refDump, workDir.resolve("swap-" + i), faults, feed);
            rows.add(row(b, localizer.attribute(ref, TraceReader.read(dir), PriorResults.NONE)));
        }
        return rows;
    }

    /**
     * The same on an already loaded S3Gen pipeline, the runs' traces kept in memory (named {@code names/swap-i}).
     * {@code unfed}, when not null, is the diagnosis of {@code unfedRun}, a run of this pipeline with the same
     * faults and nothing fed: a boundary without a module reuses it instead of running again, and each run
     * replays from it what it would compute the same ({@link #feed}) and takes the comparison of what it replayed
     * from {@code unfed} ({@link PriorResults}).
     */
    public static List<StageSwapRow> run(ReferenceRun.Loaded loaded, Path names, FaultPlan faults,
                                         Localizer localizer, List<StageBoundary> boundaries, Diagnosis unfed,
                                         Trace unfedRun) {
        Trace ref = loaded.dump().trace();
        List<CallReplay> replayable = replayable(unfedRun);
        PriorResults prior = unfed == null || unfedRun == null ? PriorResults.NONE
                : PriorResults.of(unfed.comparison(), unfedRun);
        List<Callable<Localizer.Attributed>> runs = new ArrayList<>();
        for (int i = 0; i < boundaries.size(); i++) {
            StageBoundary b = boundaries.get(i);
            Path name = names.resolve("swap-" + i);
            runs.add(b.module() == null && unfed != null ? () -> new Localizer.Attributed(unfed.comparison(),
                    unfed.culprit()) : () -> localizer.attribute(ref, PortRun.runInMemory(loaded, name, faults,
                    feed(ref, b, unfedRun, replayable)), prior));
        }
        List<Localizer.Attributed> done = Torch.sideBySide(runs); // the runs share the loaded model, read-only
        List<StageSwapRow> rows = new ArrayList<>();
        for (int i = 0; i < boundaries.size(); i++) {
            rows.add(row(boundaries.get(i), done.get(i)));
        }
        return rows;
    }

    private static StageSwapRow row(StageBoundary b, Localizer.Attributed a) {
        return new StageSwapRow(b.label(), b.module(), relL2(a.comparison(), AudioCheck.MEL),
                relL2(a.comparison(), AudioCheck.WAV), a.culprit() == null ? null : a.culprit().module());
    }

    /** The calls of {@code unfedRun} the model can replay ({@link S3Token2Wav#REPLAYABLE}) that it shows whole. */
    static List<CallReplay> replayable(Trace unfedRun) {
        List<CallReplay> calls = new ArrayList<>();
        for (EntryId call : unfedRun == null ? List.<EntryId>of() : S3Token2Wav.REPLAYABLE) {
            CallReplay r = CallReplay.of(unfedRun, call);
            if (r != null) {
                calls.add(r);
            }
        }
        return calls;
    }

    /**
     * The reference's output at {@code b}, and those of {@code replayable} (calls of {@code unfedRun}: same faults,
     * nothing fed; null for none) that it computed exactly as this run would: those that ended before the fed
     * output, and the fed call itself, whose output the feed replaces anyway.
     */
    static StageFeed feed(Trace ref, StageBoundary b, Trace unfedRun, List<CallReplay> replayable) {
        StageFeed feed = StageBoundary.feed(ref, List.of(b));
        TraceEntry fed = unfedRun == null || b.module() == null ? null : unfedRun.get(b.output());
        if (fed == null) {
            return feed;
        }
        List<CallReplay> calls = new ArrayList<>();
        for (CallReplay r : replayable) {
            if (unfedRun.get(r.output()).index() <= fed.index()) {
                calls.add(r);
            }
        }
        return feed.withReplays(calls);
    }

    private static double relL2(Comparison c, EntryId id) {
        for (EntryResult r : c.results()) {
            if (r.reference().id().equals(id)) {
                return r.metrics() == null ? Double.NaN : r.metrics().relL2();
            }
        }
        return Double.NaN;
    }
}
