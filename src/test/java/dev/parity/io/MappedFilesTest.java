package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint or trace file that another program truncates while this process reads it through a mapping: the
 * JVM's fault is traced back to the file ({@link MappedFiles}); copying reads name it too ({@link SafetensorsFile}).
 */
public class MappedFilesTest {
    /** The bundled dump's weights (8 MB), copied to {@code dir}. */
    static Path copyOfWeights(Path dir) throws IOException {
        return Files.copy(SharedData.smallDump().resolve("weights.safetensors"), dir.resolve("weights.safetensors"));
    }

    /** The largest tensor of {@code f}: mapped, its bytes lie well inside the file. */
    static String largest(SafetensorsFile f) {
        return f.names().stream().max(java.util.Comparator.comparingLong(n -> f.entry(n).byteSize())).orElseThrow();
    }

    /** Truncates {@code file} to {@code size} bytes in place (what a program rewriting it does first). */
    static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(file.toFile(), "rw")) {
            r.setLength(size);
        }
    }

    /**
     * The failure of reading a tensor whose file was truncated to 0 bytes after it was mapped (a copy of the bundled
     * weights in {@code dir}): the JVM's {@link InternalError}.
     */
    public static Throwable faultReadingTruncated(Path dir) throws IOException {
        Path copy = copyOfWeights(dir);
        SafetensorsFile f = Safetensors.open(copy);
        Tensor t = f.tensor(largest(f));
        truncate(copy, 0);
        try {
            for (int i = 0; i < 1000; i++) { // the JVM raises the fault at a later check of the thread, not at once
                t.toFloatArray();
                Thread.sleep(1);
            }
        } catch (InternalError e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("reading a truncated mapping did not fault");
    }

    @Test
    void aFaultInAMappedFileNamesTheFileThatShrank(@TempDir Path dir) throws IOException {
        Throwable fault = faultReadingTruncated(dir);
        Path file = dir.resolve("weights.safetensors").toAbsolutePath().normalize();
        long was = Files.size(SharedData.smallDump().resolve("weights.safetensors"));
        assertEquals(Optional.of(file + " changed while it was being read (now 0 bytes, was " + was
                + "): another program truncated or rewrote it"), MappedFiles.changed(fault));
        assertEquals(MappedFiles.changed(fault), MappedFiles.changed(new RuntimeException("worker failed", fault)),
                "found through a wrapping exception too");
    }

    @Test
    void otherFailuresAreNotBlamedOnAFile(@TempDir Path dir) throws IOException {
        faultReadingTruncated(dir); // a shrunk file is remembered ...
        assertFalse(MappedFiles.changed(new IllegalStateException("a bug")).isPresent()); // ... but not blamed
        assertFalse(MappedFiles.changed(new InternalError("something else")).isPresent());
    }

    @Test
    void aFileThatShrankAfterOpeningIsNamedWhenATensorIsMappedOrCopied(@TempDir Path dir) throws IOException {
        Path copy = copyOfWeights(dir);
        SafetensorsFile f = Safetensors.open(copy);
        String name = f.names().stream().filter(n -> f.entry(n).byteSize() > 0)
                .max(java.util.Comparator.comparingLong(n -> f.entry(n).begin())).orElseThrow(); // the last in the file
        truncate(copy, Files.size(copy) - 1);
        FormatException mapped = assertThrows(FormatException.class, () -> f.tensor(name));
        ByteBuffer room = ByteBuffer.allocateDirect(Math.toIntExact(f.entry(name).byteSize()));
        FormatException copied = assertThrows(FormatException.class, () -> f.readInto(name, room));
        for (FormatException e : new FormatException[] {mapped, copied}) {
            assertEquals(copy, e.file());
            assertTrue(e.getMessage().contains("ends within tensor '" + name + "'")
                    && e.getMessage().contains("changed while it was being read"), e.getMessage());
        }
    }

    @Test
    void readIntoCopiesExactlyTheMappedBytes(@TempDir Path dir) throws IOException {
        Path copy = copyOfWeights(dir);
        SafetensorsFile f = Safetensors.open(copy);
        for (String name : f.names()) {
            ByteBuffer room = ByteBuffer.allocateDirect(Math.toIntExact(f.entry(name).byteSize()));
            f.readInto(name, room);
            room.flip();
            ByteBuffer want = f.tensor(name).toBytes(java.nio.ByteOrder.LITTLE_ENDIAN); // the file's byte order
            assertEquals(want, room, name);
        }
        assertInstanceOf(IllegalArgumentException.class, assertThrows(RuntimeException.class,
                () -> f.readInto(largest(f), ByteBuffer.allocateDirect(4))), "a buffer of the wrong size");
    }
}
