package dev.parity.ui;

import dev.parity.io.EntryKind;
import dev.parity.io.Npy;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a trace's final outputs: the {@code final.*} entry, else the dump's {@code outputs/*.npy} file. */
public final class FinalOutputs {
    private FinalOutputs() {
    }

    /**
     * @param entry e.g. {@code final.mel}
     * @param file e.g. {@code outputs/mel.npy}, relative to the trace directory
     * @return the tensor, or null when the trace has neither
     */
    public static Tensor find(Trace trace, String entry, String file) {
        if (trace == null) {
            return null;
        }
        for (TraceEntry e : trace.entries()) {
            if (e.kind() == EntryKind.FINAL && e.name().equals(entry)) {
                return trace.tensor(e);
            }
        }
        Path f = trace.dir().resolve(file);
        return Files.isRegularFile(f) ? Npy.read(f) : null;
    }
}
