package dev.parity.cli;

import dev.parity.report.Numbers;
import dev.parity.port.nn.BackendCheck;
import dev.parity.port.nn.ConvKernels;
import dev.parity.port.nn.OpCensus;
import dev.parity.port.nn.Platform;
import dev.parity.port.run.PortCensus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        Path dump = reference != null ? reference : Home.dir().resolve(DemoCommand.BUNDLED);
        PrintWriter out = spec.commandLine().getOut();
        Platform p = Platform.detect();
        out.println("Platform: " + p.summary());
        out.println("  libtorch kernels: " + p.atenCapability() + "; BLAS: " + p.mkl() + "; NNPACK: " + p.nnpack());
        out.println("  conv policy: " + ConvKernels.policy().name().toLowerCase(Locale.ROOT)
                + " (PARITY_CONV=auto|protect|direct)");
        Map<String, BackendCheck.Check> rows = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (OpCensus c : List.of(PortCensus.of(dump), PortCensus.fullSize())) {
            BackendCheck.run(c).forEach(r -> rows.putIfAbsent(r.op() + "|" + r.spec() + "|" + r.route(), r));
        }
        out.printf(Locale.ROOT, "Checked %d op specs of %s and of the full-size config in %.1f s:%n", rows.size(),
                dump, (System.nanoTime() - t0) / 1e9);
        print(out, new ArrayList<>(rows.values()));
        for (ConvKernels.Decision d : ConvKernels.workarounds()) {
            out.println("workaround: " + d.describe());
        }
        long wrong = rows.values().stream().filter(r -> r.verdict() == BackendCheck.Verdict.WRONG).count();
        long around = rows.values().stream().filter(r -> r.verdict() == BackendCheck.Verdict.WORKED_AROUND).count();
        out.printf(Locale.ROOT, "%d ok, %d worked around, %d wrong%n", rows.size() - wrong - around, around, wrong);
        return wrong > 0 ? Main.DIVERGED : Main.OK;
    }

    private static void print(PrintWriter out, List<BackendCheck.Check> rows) {
        String fmt = "%-10s %-44s %-14s %16s %16s  %s%n";
        out.printf(Locale.ROOT, fmt, "op", "spec", "route", "rel L2 vs f64", "rel L2 vs plain", "verdict");
        for (BackendCheck.Check r : rows) {
            out.printf(Locale.ROOT, fmt, r.op(), r.spec(), r.route(), Numbers.brief(r.vsFloat64()), Numbers.brief(r.vsPlain()),
                    r.verdict() == BackendCheck.Verdict.OK ? "ok" : r.verdict().label().toUpperCase(Locale.ROOT));
        }
    }
}
