package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written past the page cache hold exactly the bytes given, whatever their length against the block and the
 * staging buffer; a file system that refuses direct I/O gets the same file the ordinary way.
 */
class DirectWriterTest {
    @TempDir
    Path tmp;

    private static ByteBuffer bytes(int n, int seed) {
        ByteBuffer b = ByteBuffer.allocateDirect(n);
        for (int i = 0; i < n; i++) {
            b.put(i, (byte) (i * 31 + seed));
        }
        return b;
    }

    /** The float32 {@code .npy} image of {@code data}, in a direct buffer not aligned to a block (the staged path). */
    private static ByteBuffer image(Shape shape, ByteBuffer data) {
        byte[] header = TraceWriter.imageHeader(DType.FLOAT32, shape);
        ByteBuffer image = ByteBuffer.allocateDirect(header.length + data.remaining() + 1).position(1).slice();
        image.put(header).put(data.duplicate()).flip();
        return image;
    }

    private static byte[] concat(ByteBuffer a, ByteBuffer b) {
        byte[] out = new byte[a.remaining() + b.remaining()];
        a.duplicate().get(out, 0, a.remaining());
        b.duplicate().get(out, a.remaining(), b.remaining());
        return out;
    }

    /** Lengths around a block, around the 8 MiB staging buffer, and a body that starts mid-buffer. */
    @ParameterizedTest
    @ValueSource(ints = {1, 4096 - 128, 4096 - 127, 1 << 20, (8 << 20) - 128, (8 << 20) - 127, (8 << 20) + 5000,
            (20 << 20) + 3})
    void writesExactlyTheBytesGiven(int bodyBytes) throws Exception {
        ByteBuffer head = bytes(128, 7);
        ByteBuffer body = bytes(bodyBytes + 16, 3).position(16); // from its position, like a sliced tensor
        DirectWriter w = new DirectWriter(tmp);
        Path f = tmp.resolve("t.npy");
        boolean direct = w.write(f, head, body);
        assertEquals(w.enabled(), direct);
        if (!direct) { // a file system without direct I/O: nothing may be left behind
            assertFalse(Files.exists(f));
            return;
        }
        assertArrayEquals(concat(head, body), Files.readAllBytes(f));
        assertEquals(0, head.position());
        assertEquals(16, body.position());
    }

    @Test
    void oneWriterWritesManyFilesWithItsOneStagingBuffer() throws Exception {
        DirectWriter w = new DirectWriter(tmp);
        for (int k = 0; k < 4; k++) {
            ByteBuffer head = bytes(128, k);
            ByteBuffer body = bytes((3 << 20) + k * 1001, k + 1);
            Path f = tmp.resolve("t" + k + ".npy");
            if (w.write(f, head, body)) {
                assertArrayEquals(concat(head, body), Files.readAllBytes(f));
            }
        }
    }

    @Test
    void anExistingFileIsNeitherOverwrittenNorDeleted() throws Exception {
        Path f = tmp.resolve("t.npy");
        Files.write(f, new byte[] {1, 2, 3});
        assertThrows(FileAlreadyExistsException.class,
                () -> new DirectWriter(tmp).write(f, bytes(128, 0), bytes(1 << 20, 0)));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
    }

    /** A trace whose large tensors went past the page cache reads back element for element. */
    @Test
    void aTraceWithLargeTensorsReadsBack() throws Exception {
        int[] sizes = {(1 << 20) / 4, (3 << 20) / 4 + 1, 10};
        try (TraceWriter w = TraceWriter.create(tmp.resolve("tr"), Map.of("name", "test"), null)) {
            for (int k = 0; k < sizes.length; k++) {
                ByteBuffer data = ByteBuffer.allocateDirect(sizes[k] * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < sizes[k]; i++) {
                    data.putFloat(i * 4, k * 1e6f + i);
                }
                w.addImage(new EntryId("m" + k, 0, EntryKind.OUT, null), "M", DType.FLOAT32, new Shape(sizes[k]),
                        DType.FLOAT32, image(new Shape(sizes[k]), data));
            }
            w.finish();
        }
        Trace t = TraceReader.read(tmp.resolve("tr"));
        for (int k = 0; k < sizes.length; k++) {
            float[] v = t.tensor(t.entries().get(k)).toFloatArray();
            assertEquals(sizes[k], v.length);
            for (int i = 0; i < v.length; i++) {
                if (v[i] != k * 1e6f + i) {
                    assertEquals(k * 1e6f + i, v[i], "entry " + k + " element " + i);
                }
            }
        }
    }

    /**
     * A zip file system has no direct I/O: the trace writer's large tensor is written the ordinary way, and reads
     * back as written.
     */
    @Test
    void aFileSystemWithoutDirectIoGetsTheSameTrace() throws Exception {
        Path zip = tmp.resolve("t.zip");
        try (FileSystem zfs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"))) {
            Path dir = zfs.getPath("/trace");
            DirectWriter probe = new DirectWriter(dir.getRoot());
            assertFalse(probe.write(zfs.getPath("/probe.npy"), bytes(128, 0), bytes(1 << 20, 0)));
            assertFalse(probe.enabled());
            assertFalse(Files.exists(zfs.getPath("/probe.npy")));

            int n = (1 << 20) / 4 + 3;
            ByteBuffer data = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                data.putFloat(i * 4, i * 0.5f);
            }
            try (TraceWriter w = TraceWriter.create(dir, Map.of("name", "test"), null)) {
                w.addImage(new EntryId("big", 0, EntryKind.OUT, null), "M", DType.FLOAT32, new Shape(n),
                        DType.FLOAT32, image(new Shape(n), data));
                w.finish();
            }
            byte[] file = Files.readAllBytes(dir.resolve("tensors/big#0.out.npy"));
            ByteBuffer tail = ByteBuffer.wrap(file, file.length - n * 4, n * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                assertEquals(i * 0.5f, tail.getFloat(), "element " + i);
            }
        }
    }
}
