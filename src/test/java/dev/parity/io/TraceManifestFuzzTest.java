package dev.parity.io;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the manifest parser: the fuzz bytes become {@code manifest.json} of a temporary trace directory that
 * also holds {@code tensors/a.npy} (float32, shape [2, 3]), and {@link TraceReader#read} then every
 * {@link Trace#tensor} either succeed or throw a {@link FormatException}. Anything else is a finding.
 *
 * <p>Regression mode ({@code mvn test}) runs the seeds in
 * {@code src/test/resources/dev/parity/io/TraceManifestFuzzTestInputs/read/}. Fuzz for real with
 * <pre>{@code JAZZER_FUZZ=1 mvn -o test -Dtest=TraceManifestFuzzTest}</pre>
 */
class TraceManifestFuzzTest {
    private static final Path DIR = traceDir();

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"\"format\": \"parity-trace\"", "\"version\": 1", "\"entries\": [", "\"name\": \"",
            "\"call\": ", "\"kind\": \"out\"", "\"kind\": \"in\"", "\"arg\": null", "\"file\": \"tensors/a.npy\"",
            "\"shape\": [2, 3]", "\"dtype\": \"float32\"", "\"dtype\": \"bfloat16\"", "../", "\"module_type\": \""})
    void read(byte[] manifest) throws IOException {
        Files.write(DIR.resolve("manifest.json"), manifest);
        Trace t;
        try {
            t = TraceReader.read(DIR);
        } catch (FormatException expected) {
            return;
        }
        for (TraceEntry e : t.entries()) {
            try {
                t.tensor(e).toDoubleArray();
            } catch (FormatException expected) {
                // a shape that disagrees with the file, a file that is not a .npy: reported, fine
            }
        }
    }

    private static Path traceDir() {
        try {
            Path dir = Files.createTempDirectory("trace-fuzz");
            Files.createDirectories(dir.resolve("tensors"));
            Npy.write(dir.resolve("tensors/a.npy"), Tensor.ofFloats(Shape.ofInts(2, 3), 1, 2, 3, 4, 5, 6));
            Files.writeString(dir.resolve("tensors/not-npy.npy"), "hello");
            for (Path p : new Path[] {dir, dir.resolve("tensors"), dir.resolve("tensors/a.npy"),
                    dir.resolve("tensors/not-npy.npy"), dir.resolve("manifest.json")}) {
                p.toFile().deleteOnExit();
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
