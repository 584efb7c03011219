package dev.parity.ui;

import dev.parity.workflow.BackendNotes;
import dev.parity.workflow.RunService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the Java port ({@link RunService}: S3Gen flow + HiFT, or whatever the dump holds) on a reference dump into a
 * new candidate trace directory, reporting the stage and ODE step it has reached. The port has no progress callback,
 * so progress is read from the trace it writes as it goes (one {@code .npy} file per entry). It has no cancellation
 * hook either: cancelling stops waiting at once and deletes the output when the run ends.
 */
public final class PipelineRun {
    private static final Pattern FILE = Pattern.compile("(.+)#(\\d+)\\.[a-z]+.*\\.npy");
    private static final String ESTIMATOR = "flow.decoder.estimator";

    private PipelineRun() {
    }

    /**
     * The quick backend check first: decides every conv spec's route for the dump's model (measuring the suspect
     * ones) and returns one line naming each faulty kernel and the workaround taken, or "" when there is none.
     */
    public static String backendCheck(Path refDump, Background.Progress p) {
        p.update("Checking the backend's conv kernels", -1);
        return BackendNotes.check(refDump).fresh().stream().map(d -> "Backend: " + d)
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /** Runs the port on {@code refDump} into {@code out}; returns {@code out}. */
    public static Path run(Path refDump, Path out, int expectedEntries, int steps, Background.Progress p)
            throws Exception {
        CompletableFuture<RunService.Outcome> run = CompletableFuture.supplyAsync(() -> RunService.prepare(
                RunService.Request.asRecorded(refDump, out)).run());
        while (true) {
            try {
                if (p.isStopped()) {
                    throw new InterruptedException();
                }
                run.get(150, TimeUnit.MILLISECONDS);
                p.update("Java pipeline finished", 1);
                return out;
            } catch (TimeoutException e) {
                report(out, expectedEntries, steps, p);
            } catch (ExecutionException e) {
                dev.parity.io.FileTrees.deleteQuietly(out);
                throw e.getCause() instanceof Exception ex ? ex : e;
            } catch (InterruptedException e) {
                run.whenComplete((s, t) -> dev.parity.io.FileTrees.deleteQuietly(out));
                throw new CancellationException("run cancelled");
            }
        }
    }

    private static void report(Path out, int expected, int steps, Background.Progress p) throws IOException {
        Path tensors = out.resolve("tensors");
        if (!Files.isDirectory(tensors)) {
            p.update("Java pipeline: loading weights", -1);
            return;
        }
        int files = 0;
        int step = -1;
        String newest = null;
        long newestTime = Long.MIN_VALUE;
        try (Stream<Path> s = Files.list(tensors)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                files++;
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                if (m.group(1).equals(ESTIMATOR)) {
                    step = Math.max(step, Integer.parseInt(m.group(2)));
                }
                long t = Files.getLastModifiedTime(f).toMillis();
                if (t >= newestTime) {
                    newestTime = t;
                    newest = m.group(1);
                }
            }
        }
        p.update("Java pipeline: " + stage(newest, step, steps) + " (" + files + " entries)",
                Math.min(0.99, (double) files / Math.max(1, expected)));
    }

    /** "flow encoder", "flow ODE step 3/10", "vocoder (HiFT)" from the latest module name. */
    static String stage(String module, int step, int steps) {
        if (module == null) {
            return "starting";
        }
        if (module.startsWith("mel2wav") || module.contains("hift")) {
            return "vocoder (HiFT): " + module;
        }
        if (module.startsWith("flow.decoder")) {
            return "flow ODE step " + (Math.max(step, 0) + 1) + "/" + steps + ": " + module;
        }
        return "flow: " + module;
    }

}
