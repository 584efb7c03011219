package dev.parity.io;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes {@link Safetensors#open} (the header parser and its offset checks): the fuzz bytes are written to a
 * temporary file; opening either succeeds, and then every tensor maps and reads (a complex one by its parts), or
 * fails with a {@link FormatException}. Anything else is a finding.
 *
 * <p>Regression mode ({@code mvn test}) runs the seeds in
 * {@code src/test/resources/dev/parity/io/SafetensorsFuzzTestInputs/open/}. Fuzz for real with
 * <pre>{@code JAZZER_FUZZ=1 mvn -o test -Dtest=SafetensorsFuzzTest}</pre>
 */
class SafetensorsFuzzTest {
    private static final Path FILE = tempFile();

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"{\"", "\"dtype\":\"", "\"shape\":[", "\"data_offsets\":[", "\"__metadata__\":{", "F32",
            "BF16", "C64", "F8_E4M3", "F8_E5M2", "BOOL", "U64", "I8", "],", "}}"})
    void open(byte[] data) throws IOException {
        Files.write(FILE, data);
        SafetensorsFile f;
        try {
            f = Safetensors.open(FILE);
        } catch (FormatException expected) {
            return;
        }
        for (String name : f.names()) {
            Tensor t = f.tensor(name);
            Tensor v = t.dtype().isComplex() ? t.asReal() : t; // C64 is read through its (real, imaginary) pairs
            for (long i = 0; i < v.numel(); i++) {
                v.getDouble(i);
            }
        }
    }

    private static Path tempFile() {
        try {
            Path dir = Files.createTempDirectory("safetensors-fuzz");
            dir.toFile().deleteOnExit();
            Path f = dir.resolve("fuzz.safetensors");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
