package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.SharedData;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java writes, NumPy reads: every fixture NumPy wrote is read by Java, written again by {@link Npy#write} and
 * {@link Safetensors#write}, and {@code make_npy_fixtures.py --verify} checks with NumPy that the new files hold
 * the values NumPy recorded for the originals. A trace's large tensors, whose headers are padded so that the file is a
 * whole number of 4 KiB blocks ({@link TraceWriter#imageHeader}), read back in NumPy and Java as the reference
 * dump's files hold them. Skipped when {@code /usr/bin/python3} has no numpy.
 */
class NumpyReadsJavaTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void numpyReadsBackWhatJavaWrote(@TempDir Path dir) throws Exception {
        assumeTrue(hasNumpy(), "/usr/bin/python3 with numpy is needed");
        JsonNode npyExpected = Fixtures.npyExpected();
        ObjectNode expected = Fixtures.JSON.createObjectNode();
        int files = 0;
        for (var it = npyExpected.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.endsWith(".npy")) {
                Npy.write(dir.resolve(name), Npy.read(Fixtures.NPY.resolve(name)));
                expected.set(name, npyExpected.get(name));
                files++;
            }
        }
        SafetensorsFile st = Safetensors.open(Fixtures.SAFETENSORS.resolve("all-dtypes.safetensors"));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        st.names().forEach(n -> tensors.put(n, st.tensor(n)));
        Safetensors.write(dir.resolve("java.safetensors"), tensors, st.metadata());
        JsonNode stExpected = Fixtures.readJson(Fixtures.SAFETENSORS.resolve("all-dtypes.json"));
        tensors.keySet().forEach(n -> expected.set("java.safetensors:" + n, stExpected.get(n)));
        Fixtures.JSON.writeValue(dir.resolve("expected.json").toFile(), expected);

        Process p = new ProcessBuilder(PYTHON.toString(),
                Fixtures.NPY.resolve("make_npy_fixtures.py").toString(), "--verify", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        int total = files + tensors.size();
        assertTrue(out.contains("verified "), out);
        String line = out.lines().filter(l -> l.startsWith("verified ")).findFirst().orElseThrow();
        System.out.println("make_npy_fixtures.py --verify: " + line);
        List<String> words = List.of(line.split(" "));
        assertEquals(words.get(1), words.get(3), line);
        assertTrue(Integer.parseInt(words.get(3)) >= total - 2, line + " (float8 may be skipped without ml_dtypes)");
    }

    @Test
    void numpyReadsATracesLargeTensorsWithTheirPaddedHeaders(@TempDir Path dir) throws Exception {
        assumeTrue(hasNumpy(), "/usr/bin/python3 with numpy is needed");
        Path tensors = SharedData.smallDump().resolve("tensors");
        // 276,480 bytes of data, a multiple of 64: padded; 69,156 bytes: np.save's header
        List<String> names = List.of("mel2wav.m_source.l_sin_gen#0.out.npy", "mel2wav._istft.method#0.in.phase.npy");
        TraceWriter w = TraceWriter.create(dir.resolve("t"), Map.of("name", "test"), null);
        StringBuilder pairs = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            Path original = tensors.resolve(names.get(i));
            Tensor t = Npy.read(original);
            byte[] header = TraceWriter.imageHeader(t.dtype(), t.shape());
            ByteBuffer image = ByteBuffer.allocate(header.length + (int) t.numel() * 4);
            image.put(header).put(t.toBytes(ByteOrder.LITTLE_ENDIAN)).flip();
            String file = w.addImage(new EntryId("m", i, EntryKind.OUT, null), "M", t.dtype(), t.shape(), t.dtype(),
                    image);
            long size = Files.size(dir.resolve("t").resolve(file));
            long standard = Npy.header(t.dtype(), t.shape()).length + t.numel() * 4;
            if (i == 0) {
                assertEquals(0, size % 4096, file);
                assertTrue(size > standard && size - standard < 4096, file + ": " + size);
            } else {
                assertEquals(standard, size, file);
            }
            assertArrayEquals(t.toFloatArray(), Npy.read(dir.resolve("t").resolve(file)).toFloatArray(), file);
            pairs.append(original).append('\n').append(dir.resolve("t").resolve(file)).append('\n');
        }
        w.finish();
        w.close();
        Trace back = TraceReader.read(dir.resolve("t"));
        assertArrayEquals(Npy.read(tensors.resolve(names.get(0))).toFloatArray(),
                back.tensor(back.entries().get(0)).toFloatArray());
        String check = "import sys, numpy as np\n"
                + "p = sys.stdin.read().split('\\n')\n"
                + "n = 0\n"
                + "for a, b in zip(p[0::2], p[1::2]):\n"
                + "    x, y = np.load(a), np.load(b)\n"
                + "    assert x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y), b\n"
                + "    n += 1\n"
                + "print('equal', n)\n";
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", check).redirectErrorStream(true).start();
        p.getOutputStream().write(pairs.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("equal 2", out.strip());
    }

    private static boolean hasNumpy() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
