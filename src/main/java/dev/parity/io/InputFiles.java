package dev.parity.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks an input path before anything opens it: it must be a regular file (after following symlinks). A FIFO or
 * device is refused at once (opening a FIFO blocks until a writer appears; {@code /dev/zero} never ends).
 */
public final class InputFiles {
    static final String MISSING = "does not exist";

    private InputFiles() {
    }

    /**
     * @param what what the file should be, for the message ("a .npy file", "a manifest")
     * @throws FormatException naming the file and what it is instead
     */
    public static void requireRegular(Path file, String what) {
        String kind = kindOf(file);
        if (MISSING.equals(kind)) {
            throw new FormatException(file, "file not found");
        }
        if (kind != null) {
            throw new FormatException(file, kind + ", not " + what);
        }
    }

    /** Null for a regular file, else what it is: "does not exist", "is a directory", "is a FIFO (named pipe)"... */
    public static String kindOf(Path file) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Files.isSymbolicLink(file) ? "is a broken symbolic link" : MISSING;
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
        if (a.isRegularFile()) {
            return null;
        }
        if (a.isDirectory()) {
            return "is a directory";
        }
        return "is " + special(file);
    }

    private static String special(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            return switch (mode & 0xF000) {
                case 0x1000 -> "a FIFO (named pipe)";
                case 0x2000 -> "a character device";
                case 0x6000 -> "a block device";
                case 0xC000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file (FIFO, socket or device)";
        }
    }
}
