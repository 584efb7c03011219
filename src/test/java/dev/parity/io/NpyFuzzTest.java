package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parity.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Fuzzes {@link Npy#parse}: any byte string either parses into a tensor whose every element can be read and
 * re-written, or fails with a {@link FormatException}; any other exception, an out-of-memory or a hang is a
 * finding.
 *
 * <p>{@code mvn test} runs it in Jazzer's regression mode: once per seed in
 * {@code src/test/resources/dev/parity/io/NpyFuzzTestInputs/parse/} (NumPy-written files and past findings).
 * To fuzz for real (bounded by {@code maxDuration}; new crashing inputs are saved next to the seeds):
 * <pre>{@code JAZZER_FUZZ=1 mvn -o test -Dtest=NpyFuzzTest}</pre>
 * Jazzer fuzzes one fuzz test per run and only with {@code JAZZER_FUZZ} set; there is no bounded fuzzing in
 * regression mode.
 */
class NpyFuzzTest {
    private static final Path SOURCE = Path.of("fuzz.npy");

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"\u0093NUMPY", "{'descr': '", "'fortran_order': ", "True", "False", "'shape': (", "<f4", ">f8",
            "|b1", "<u8", "|O", "<f2", "), }"})
    void parse(byte[] data) throws IOException {
        Tensor t;
        try {
            t = Npy.parse(SOURCE, ByteBuffer.wrap(data));
        } catch (FormatException expected) {
            return;
        }
        Tensor v = real(t); // a complex tensor is read through its (real, imaginary) pairs
        double sum = 0;
        for (long i = 0; i < v.numel(); i++) {
            sum += v.getDouble(i) + v.getLong(i);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, t);
        Tensor back = Npy.parse(SOURCE, ByteBuffer.wrap(out.toByteArray()));
        assertArrayEquals(v.toLongArray(), real(back).toLongArray(), "re-written file holds the same elements " + sum);
    }

    private static Tensor real(Tensor t) {
        return t.dtype().isComplex() ? t.asReal() : t;
    }
}
