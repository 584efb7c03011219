package dev.parity.cli;

import dev.parity.report.Numbers;
import dev.parity.localize.Replay;
import dev.parity.localize.ReplayResult;
import dev.parity.workflow.ReplayService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity replay REF [--modules GLOB]}: each Java module alone on the reference's recorded inputs. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run single modules of the Java pipeline on the reference's recorded inputs (every recorded "
            + "argument) and compare with the recorded output: each module's own, local error.",
            "Exit codes: 0 every replayed module within tolerance, 1 some module failed or threw, 2 usage error, "
                + "3 unreadable or invalid input."})
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF", description = "reference dump directory")
    Path reference;

    @Option(names = "--modules", paramLabel = "GLOB", defaultValue = "**",
            description = "module paths to replay (glob: * within a component, ** across; or re:REGEX); "
                + "default: ${DEFAULT-VALUE}")
    String modules;

    @Option(names = "--tolerance-from", paramLabel = "FLOOR_TRACE",
            description = "noise-floor trace (e.g. the float64 twin): per-entry tolerances 10 × its spread")
    Path floorTrace;

    @Option(names = "--inject-fault", paramLabel = "NAME[@MODULE]", completionCandidates = FaultNames.class,
            description = "replay with a catalog fault injected (repeatable): ${COMPLETION-CANDIDATES}")
    List<String> faults = new ArrayList<>();

    @Option(names = "--all", description = "list every replayed call, not only failures")
    boolean all;

    @Override
    public Integer call() {
        ReplayService.Outcome o = ReplayService.replay(reference, modules, floorTrace, faults);
        BackendNotice.print(o.backendNotes(), spec.commandLine().getErr());
        return print(o.results(), spec.commandLine().getOut());
    }

    private int print(List<ReplayResult> rs, PrintWriter out) {
        Map<ReplayResult.Status, Integer> n = new EnumMap<>(ReplayResult.Status.class);
        for (ReplayResult r : rs) {
            n.merge(r.status(), 1, Integer::sum);
            boolean bad = r.status() == ReplayResult.Status.FAIL || r.status() == ReplayResult.Status.ERROR;
            if (bad || all) {
                out.println(r.status().name().toLowerCase(java.util.Locale.ROOT) + " " + r.module() + " (call "
                        + r.call() + ")" + (r.metrics() == null ? "" : ": rel L2 " + Numbers.brief(r.metrics().relL2())
                        + (Double.isNaN(r.floorRatio()) ? "" : " (" + Numbers.brief(r.floorRatio()) + "× floor)"))
                        + (r.note() == null ? "" : "; " + r.note()));
            }
        }
        int failed = n.getOrDefault(ReplayResult.Status.FAIL, 0) + n.getOrDefault(ReplayResult.Status.ERROR, 0);
        List<String> local = Replay.innermost(rs.stream().filter(Replay::diverged).toList());
        if (!local.isEmpty()) {
            out.println("Local errors (innermost failing modules): " + String.join(", ", local));
        }
        out.println(rs.size() + " module calls: " + n.getOrDefault(ReplayResult.Status.PASS, 0) + " passed, "
                + failed + " failed, " + n.getOrDefault(ReplayResult.Status.NOT_REPLAYABLE, 0) + " not replayable");
        out.flush();
        return failed == 0 ? ExitCodes.OK : ExitCodes.DIVERGED;
    }
}
