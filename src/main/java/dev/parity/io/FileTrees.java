package dev.parity.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deleting a directory tree (an output or temporary directory the tool made), children first; links not followed. */
public final class FileTrees {
    private FileTrees() {
    }

    /** Deletes {@code dir} and everything under it; the first failure is thrown. */
    public static void delete(Path dir) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * Best effort: removes what a command wrote into the output directory {@code dir}: the directory itself when
     * the command made it ({@code existed} false), else only its contents (it was empty before: trace writers accept
     * no other), so that a directory the user gave stays.
     */
    public static void removeOutputQuietly(Path dir, boolean existed) {
        if (!existed) {
            deleteQuietly(dir);
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(FileTrees::deleteQuietly);
        } catch (IOException | RuntimeException e) {
            // best effort, as deleteQuietly
        }
    }

    /** Best effort: deletes what it can of {@code dir} (a temporary directory) and ignores failures. */
    public static void deleteQuietly(Path dir) {
        try {
            delete(dir);
        } catch (IOException | RuntimeException e) {
            // best effort: a temporary directory may be left behind
        }
    }
}
