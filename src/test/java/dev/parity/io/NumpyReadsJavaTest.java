package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.tensor.Tensor;
import java.io.IOException;
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
 * the values NumPy recorded for the originals. Skipped when {@code /usr/bin/python3} has no numpy.
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

    private static boolean hasNumpy() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
