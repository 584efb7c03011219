package dev.parity.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The files a command reads, so that no output can land on one of them. Files are identified by device and
 * inode (after following symbolic links), so a symlink or hard link to an input is caught as well as the
 * same path spelled differently.
 */
public final class InputSet {
    private final Map<Object, String> inputs = new HashMap<>();

    /** Adds one file or directory; {@code what} describes it ("the reference checkpoint"). */
    public InputSet add(Path file, String what) {
        Object key = key(file);
        if (key != null) {
            inputs.putIfAbsent(key, what + " (" + file + ")");
        }
        return this;
    }

    /** Adds a trace: its directory, its manifest and every entry's file. */
    public InputSet addTrace(Trace t, String what) {
        add(t.dir(), what + " directory");
        add(t.dir().resolve(TraceReader.MANIFEST), what + "'s manifest");
        for (TraceEntry e : t.entries()) {
            add(t.fileOf(e), what + "'s tensor for " + e.id());
        }
        return this;
    }

    /** What input {@code output} would overwrite, or null when it is none of them. */
    public String clash(Path output) {
        Object key = key(output);
        return key == null ? null : inputs.get(key);
    }

    /** A one-line refusal ("report FILE is the reference's manifest (...); refusing ..."), or null. */
    public String reason(Path output, String role) {
        String c = clash(output);
        return c == null ? null : role + " " + output + " is " + c + "; refusing to overwrite an input";
    }

    private static Object key(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            Object k = a.fileKey();
            return k != null ? k : p.toRealPath();
        } catch (IOException e) {
            return null; // does not exist (yet): cannot be an input
        }
    }
}
