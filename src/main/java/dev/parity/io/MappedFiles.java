package dev.parity.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files this process has memory-mapped, with their sizes when mapped, so that a read that faults because another
 * program truncated or rewrote a file under its mapping can be told apart from a bug. The JVM turns such a fault
 * (SIGBUS) in Java code into an {@link InternalError} "a fault occurred in ... unsafe memory access"; {@link #changed}
 * finds the file behind it. (libtorch reading a mapping would take the process down instead, which is why the port's
 * weights are copied, not mapped: {@code port.nn.Weights}.)
 *
 * <p>Only the {@value #REMEMBERED} most recently mapped files are remembered (a long GUI session maps many traces).
 */
public final class MappedFiles {
    static final int REMEMBERED = 16_384;
    private static final Map<Path, Long> SIZES = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    private MappedFiles() {
    }

    /**
     * Notes that {@code file}, of {@code size} bytes, is being mapped. The largest size noted is kept: a file mapped
     * piece by piece (a checkpoint's tensors) may be mapped again after it was truncated.
     */
    static void mapping(Path file, long size) {
        synchronized (SIZES) {
            SIZES.merge(file.toAbsolutePath().normalize(), size, Math::max);
        }
    }

    /**
     * When {@code failure} (or one of its causes) is the JVM's fault in an unsafe memory access and a mapped file has
     * since become shorter (or gone), one line naming it: "FILE changed while it was being read (now N bytes, was M):
     * another program truncated or rewrote it". Empty for any other failure.
     */
    public static Optional<String> changed(Throwable failure) {
        if (!faultInMapping(failure)) {
            return Optional.empty();
        }
        List<Map.Entry<Path, Long>> seen;
        synchronized (SIZES) {
            seen = new ArrayList<>(SIZES.entrySet());
        }
        for (int i = seen.size() - 1; i >= 0; i--) { // the most recently used first
            Path p = seen.get(i).getKey();
            long was = seen.get(i).getValue();
            String now;
            try {
                long size = Files.size(p);
                if (size >= was) {
                    continue;
                }
                now = "now " + size + " bytes, was " + was;
            } catch (NoSuchFileException e) {
                now = "now gone, was " + was + " bytes";
            } catch (IOException | SecurityException e) {
                continue;
            }
            return Optional.of(p + " changed while it was being read (" + now
                    + "): another program truncated or rewrote it");
        }
        return Optional.empty();
    }

    /** Whether {@code t} or a cause is the JVM's report of a fault in an unsafe (mapped) memory access. */
    static boolean faultInMapping(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InternalError && c.getMessage() != null
                    && c.getMessage().contains("unsafe memory access")) {
                return true;
            }
        }
        return false;
    }
}
