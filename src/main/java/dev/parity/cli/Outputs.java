package dev.parity.cli;

import dev.parity.io.AtomicFiles;
import dev.parity.io.InputSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The checks every output path passes before a command does any work. */
final class Outputs {
    private Outputs() {
    }

    /**
     * Refuses an output that is one of the command's inputs (a usage error, exit 2), and one that exists but
     * cannot be replaced: a directory or a read-only file (exit 3).
     *
     * @param option the option that named the outputs ("--report"), for the message
     */
    static void check(CommandSpec spec, InputSet inputs, String option, List<Path> outputs) throws IOException {
        for (Path out : outputs) {
            if (out == null) {
                continue;
            }
            String reason = inputs.reason(out, option);
            if (reason != null) {
                throw new ParameterException(spec.commandLine(), reason);
            }
            AtomicFiles.checkReplaceable(out);
        }
    }
}
