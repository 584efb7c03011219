package dev.parity.cli;

import dev.parity.workflow.BackendNotes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Prints the quick backend check ({@link BackendNotes}) that commands running the Java port do first. */
final class BackendNotice {
    private final BackendNotes notes;
    private final PrintWriter out;

    private BackendNotice(BackendNotes notes, PrintWriter out) {
        this.notes = notes;
        this.out = out;
    }

    /** Before a run: checks the dump's model and prints one line per faulty kernel and the workaround taken. */
    static BackendNotice check(Path dump, PrintWriter out) {
        BackendNotice n = new BackendNotice(BackendNotes.check(dump), out);
        n.report();
        return n;
    }

    /** Prints the workarounds not printed yet (after the run of a model that {@link #check} could not build). */
    void report() {
        print(notes.fresh(), out);
    }

    /** One line per workaround a workflow reports. */
    static void print(List<String> workarounds, PrintWriter out) {
        for (String w : workarounds) {
            out.println("Backend check: " + w + " (see parity doctor)");
        }
        out.flush();
    }
}
