package dev.parity.localize;

import dev.parity.io.Trace;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.StageFeed;
import dev.parity.port.run.ReferenceRun;
import java.nio.file.Path;

/**
 * Runs the Java pipeline (flow and HiFT vocoder) on a reference dump's inputs and recorded draws, recording what
 * the reference recorded, optionally with faults injected: the candidate trace of a diagnosis without a
 * {@code --candidate}.
 */
public final class PortRun {
    private PortRun() {
    }

    /** Writes the candidate trace to {@code outDir} (new or empty) and returns it. */
    public static Path run(Path refDump, Path outDir, FaultPlan faults) {
        return run(refDump, outDir, faults, StageFeed.NONE);
    }

    /** The same with module outputs fed from the reference (a stage swap). */
    public static Path run(Path refDump, Path outDir, FaultPlan faults, StageFeed feed) {
        return run(refDump, outDir, faults, feed, ReferenceRun.Precision.FLOAT32);
    }

    /** The same in {@code precision}: float64 for the self-made noise floor ({@link NoiseFloor#self}). */
    public static Path run(Path refDump, Path outDir, FaultPlan faults, StageFeed feed,
                           ReferenceRun.Precision precision) {
        return ReferenceRun.run(refDump, outDir, options(), faults, feed, precision).traceDir(); // any dump
    }

    /** An S3Gen dump with the Java pipeline (flow and HiFT, float32) built once, for several runs and replays. */
    public static ReferenceRun.Loaded load(Path refDump) {
        return ReferenceRun.load(refDump, options());
    }

    private static ReferenceRun.Options options() {
        return new ReferenceRun.Options(ReferenceRun.Stage.ALL, true, HiFTGenerator::create);
    }

    /** A run of an already loaded pipeline whose trace is only compared: kept in memory, named {@code name}. */
    public static Trace runInMemory(ReferenceRun.Loaded loaded, Path name, FaultPlan faults, StageFeed feed) {
        return loaded.runInMemory(name, faults, feed);
    }

    /** A run of an already loaded pipeline. */
    public static Path run(ReferenceRun.Loaded loaded, Path outDir, FaultPlan faults, StageFeed feed) {
        return loaded.run(outDir, faults, feed).traceDir();
    }
}
