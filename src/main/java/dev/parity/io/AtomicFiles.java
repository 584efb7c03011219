package dev.parity.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Writes a file through a temporary sibling and a rename, so an existing file is only replaced on success.
 *
 * <p>Every write error fails the call, even one a {@link java.io.PrintWriter} in the content swallowed: the
 * stream handed to the content remembers the first error. An existing target that is a directory or has no
 * write permission for its owner (mode 0444) is never replaced, not even by root; a replaced file keeps its
 * permissions.
 */
public final class AtomicFiles {
    /** Produces the file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        checkReplaceable(abs);
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        // not Files.createTempFile: its files are owner-only (0600), and a trace is meant to be shared
        Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        try {
            try (ErrorTrackingStream out = new ErrorTrackingStream(Files.newOutputStream(tmp,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
                content.writeTo(out);
                out.flush();
                out.rethrow(abs);
            }
            keepPermissions(abs, tmp);
            move(tmp, abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Refuses a target that must not be replaced: a directory, or a file without write permission.
     *
     * @throws IOException naming the file and why
     */
    public static void checkReplaceable(Path target) throws IOException {
        if (Files.isDirectory(target)) {
            throw new IOException(target + ": is a directory; not replaced");
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) || !Files.exists(target)) {
            return;
        }
        if (!Files.isWritable(target) || !ownerMayWrite(target)) {
            throw new AccessDeniedException(target.toString(), null, "is read-only; not replaced");
        }
    }

    private static boolean ownerMayWrite(Path target) throws IOException {
        try {
            return Files.getPosixFilePermissions(target).contains(PosixFilePermission.OWNER_WRITE);
        } catch (UnsupportedOperationException e) {
            return true; // not a POSIX file system: Files.isWritable decided
        }
    }

    private static void keepPermissions(Path target, Path tmp) {
        try {
            if (Files.isRegularFile(target)) {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(target);
                Files.setPosixFilePermissions(tmp, p);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the new file keeps the default permissions
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Passes bytes on and remembers the first write error, so one swallowed by a PrintWriter is not lost. */
    private static final class ErrorTrackingStream extends FilterOutputStream {
        private IOException error;

        ErrorTrackingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        private IOException remember(IOException e) {
            if (error == null) {
                error = e;
            }
            return e;
        }

        void rethrow(Path file) throws IOException {
            if (error != null) {
                throw new IOException(file + ": write failed: " + error.getMessage(), error);
            }
        }
    }
}
