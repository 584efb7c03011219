package dev.parity.cli;

import dev.parity.port.nn.ConvKernels;
import dev.parity.port.run.PortCensus;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The quick backend check that commands running the Java port do first (see {@code parity doctor}). */
final class BackendNotice {
    private BackendNotice() {
    }

    /** Decides every conv spec of the dump's model; prints one line per faulty kernel and its workaround. */
    static void check(Path dump, PrintWriter out) {
        for (ConvKernels.Decision d : PortCensus.quickCheck(dump)) {
            out.println("Backend check: " + d.describe() + " (see parity doctor)");
        }
        out.flush();
    }
}
