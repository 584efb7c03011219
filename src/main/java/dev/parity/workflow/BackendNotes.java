package dev.parity.workflow;

import dev.parity.port.nn.ConvKernels;
import dev.parity.port.run.PortCensus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The quick backend check that every workflow running the Java port does first (see {@code parity doctor}): the
 * faulty conv kernels the port routes around, each named once.
 */
public final class BackendNotes {
    private final Set<ConvKernels.Key> named = new HashSet<>();

    private BackendNotes() {
    }

    /**
     * Decides every conv spec of the dump's model (S3Gen; other models decide theirs as they are built), measuring
     * the suspect ones; {@link #fresh()} then names the workarounds taken.
     */
    public static BackendNotes check(Path dump) {
        PortCensus.quickCheck(dump);
        return new BackendNotes();
    }

    /**
     * One description per faulty kernel and the workaround taken ("conv1d ... → padded"), for those not returned
     * by an earlier call: after a run of a model that {@link #check} could not build, the ones it found.
     */
    public List<String> fresh() {
        List<String> out = new ArrayList<>();
        for (ConvKernels.Decision d : ConvKernels.workarounds()) {
            if (named.add(d.key())) {
                out.add(d.describe());
            }
        }
        return out;
    }
}
