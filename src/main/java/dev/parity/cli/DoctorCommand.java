package dev.parity.cli;

import dev.parity.io.ProjectHome;
import dev.parity.workflow.DoctorService;
import dev.parity.report.Numbers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity doctor [REF_DUMP]}: is every kernel the port uses right on this machine? */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check the backend on this machine: print the platform (CPU, the ISA oneDNN uses, threads, "
            + "DJL/libtorch/oneDNN versions) and run every op kind the Java port uses at every distinct spec of the "
            + "dump's config and of the full-size config, in float32, against float64 of the same op and a plain "
            + "Java implementation. A conv spec the port routes around a faulty kernel shows both routes.",
            "Exit codes: 0 every kernel the port uses is right (a faulty kernel that is routed around counts as "
                + "right, and is listed as 'worked around'), 1 a kernel the port uses is wrong beyond float32 "
                + "noise (relative L2 > 1e-5), 2 usage error, 3 unreadable or invalid input."})
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REF_DUMP",
            description = "reference dump whose config.json sizes the model (default: the bundled "
                + DemoCommand.BUNDLED + ")")
    Path reference;

    @Override
    public Integer call() {
        Path dump = reference != null ? reference : ProjectHome.dir().resolve(DemoCommand.BUNDLED);
        PrintWriter out = spec.commandLine().getOut();
        DoctorService.Checkup c = DoctorService.check(dump);
        out.println("Platform: " + c.platform());
        out.println("  " + c.kernels());
        out.println("  Linear route: " + c.linearRoute() + " (-Dparity.gemm=auto|blas|onednn|openblas)");
        out.println("  conv policy: " + c.convPolicy() + " (PARITY_CONV=auto|protect|direct)");
        out.printf(Locale.ROOT, "Checked %d op specs of %s and of the full-size config in %.1f s:%n",
                c.checks().size(), dump, c.seconds());
        print(out, c.checks());
        for (String w : c.workarounds()) {
            out.println("workaround: " + w);
        }
        long wrong = c.count(DoctorService.Verdict.WRONG);
        long around = c.count(DoctorService.Verdict.WORKED_AROUND);
        out.printf(Locale.ROOT, "%d ok, %d worked around, %d wrong%n", c.checks().size() - wrong - around, around,
                wrong);
        return wrong > 0 ? ExitCodes.DIVERGED : ExitCodes.OK;
    }

    private static void print(PrintWriter out, List<DoctorService.KernelCheck> rows) {
        String fmt = "%-10s %-44s %-14s %16s %16s  %s%n";
        out.printf(Locale.ROOT, fmt, "op", "spec", "route", "rel L2 vs f64", "rel L2 vs plain", "verdict");
        for (DoctorService.KernelCheck r : rows) {
            out.printf(Locale.ROOT, fmt, r.op(), r.spec(), r.route(), Numbers.brief(r.vsFloat64()),
                    Numbers.brief(r.vsPlain()),
                    r.verdict() == DoctorService.Verdict.OK ? "ok" : r.verdict().label().toUpperCase(Locale.ROOT));
        }
    }
}
