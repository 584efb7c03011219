package dev.parity.cli;

import dev.parity.port.nn.ConvKernels;
import dev.parity.port.run.PortCensus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** The quick backend check that commands running the Java port do first (see {@code parity doctor}). */
final class BackendNotice {
    private final Set<ConvKernels.Key> printed = new HashSet<>();
    private final PrintWriter out;

    private BackendNotice(PrintWriter out) {
        this.out = out;
    }

    /**
     * Before a run: decides every conv spec of the dump's model (S3Gen; other models decide theirs as they are
     * built, see {@link #report}) and prints one line per faulty kernel and the workaround taken.
     */
    static BackendNotice check(Path dump, PrintWriter out) {
        BackendNotice n = new BackendNotice(out);
        PortCensus.quickCheck(dump);
        n.report();
        return n;
    }

    /** Prints the workarounds not printed yet (after the run of a model that {@link #check} could not build). */
    void report() {
        for (ConvKernels.Decision d : ConvKernels.workarounds()) {
            if (printed.add(d.key())) {
                out.println("Backend check: " + d.describe() + " (see parity doctor)");
            }
        }
        out.flush();
    }
}
