package dev.parity.workflow;

import dev.parity.port.nn.BackendCheck;
import dev.parity.port.nn.ConvKernels;
import dev.parity.port.nn.GemmRoute;
import dev.parity.port.nn.OpCensus;
import dev.parity.port.nn.Platform;
import dev.parity.port.run.PortCensus;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Is every kernel the port uses right on this machine (what {@code parity doctor} does)? Detects the platform and
 * runs every op kind the Java port uses at every distinct spec of a dump's config and of the full-size config, in
 * float32, against float64 of the same op and a plain Java implementation.
 */
public final class DoctorService {
    /** How one check came out: right, wrong beyond float32 noise, or wrong but routed around. */
    public enum Verdict {
        OK, WRONG, WORKED_AROUND;

        /** Lower case, with a space: "worked around". */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * One op at one spec by one route.
     *
     * @param vsFloat64 relative L2 of the float32 result against libtorch's float64 result of the same op
     * @param vsPlain relative L2 of the float32 result against the plain Java double implementation
     */
    public record KernelCheck(String op, String spec, String route, double vsFloat64, double vsPlain,
                              Verdict verdict) {
    }

    /**
     * The platform and every check.
     *
     * @param platform CPU, ISA, threads, versions (one line)
     * @param kernels libtorch's own kernels' ISA, the BLAS and NNPACK's state (one line)
     * @param linearRoute which kernel computes the large float32 products of Linear, and the measurement behind it
     * @param convPolicy how convs are routed: auto, protect or direct ({@code PARITY_CONV})
     * @param workarounds each faulty conv kernel the port routes around, and the route taken
     */
    public record Checkup(String platform, String kernels, String linearRoute, String convPolicy, Path dump,
                          List<KernelCheck> checks, List<String> workarounds, double seconds) {
        public Checkup {
            checks = List.copyOf(checks);
            workarounds = List.copyOf(workarounds);
        }

        public long count(Verdict v) {
            return checks.stream().filter(c -> c.verdict() == v).count();
        }
    }

    private DoctorService() {
    }

    /** Checks every op spec of {@code dump}'s model and of the full-size model, each spec and route once. */
    public static Checkup check(Path dump) {
        Platform p = Platform.detect();
        Map<String, BackendCheck.Check> rows = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (OpCensus c : List.of(PortCensus.of(dump), PortCensus.fullSize())) {
            BackendCheck.run(c).forEach(r -> rows.putIfAbsent(r.op() + "|" + r.spec() + "|" + r.route(), r));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<KernelCheck> checks = rows.values().stream().map(r -> new KernelCheck(r.op(), r.spec(), r.route(),
                r.vsFloat64(), r.vsPlain(), Verdict.valueOf(r.verdict().name()))).toList();
        return new Checkup(p.summary(), "libtorch kernels: " + p.atenCapability() + "; BLAS: " + p.mkl()
                + "; NNPACK: " + p.nnpack(), GemmRoute.describe(), ConvKernels.policy().name().toLowerCase(Locale.ROOT), dump, checks,
                ConvKernels.workarounds().stream().map(ConvKernels.Decision::describe).toList(), seconds);
    }
}
