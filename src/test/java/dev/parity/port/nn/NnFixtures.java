package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.parity.io.Npy;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the fixtures written by {@code src/test/resources/fixtures/nn/make_nn_fixtures.py}. */
final class NnFixtures {
    static final Path DIR = Path.of("src/test/resources/fixtures/nn");

    private NnFixtures() {
    }

    static Tensor read(String name) {
        return Npy.read(DIR.resolve(name + ".npy"));
    }

    /** The input of a case as an array (float32, or int64 for integer inputs). */
    static NDArray input(NDManager m, String caseName) {
        Tensor t = read(caseName + ".in");
        long[] shape = t.shape().dims();
        if (!t.dtype().isFloating()) {
            return m.create(t.toLongArray(), new ai.djl.ndarray.types.Shape(shape));
        }
        return m.create(t.toFloatArray(), new ai.djl.ndarray.types.Shape(shape)).toType(DataType.FLOAT32, false);
    }

    /** Parameters of a case keyed as in the state dict, with the case name as the module path. */
    static Weights weights(NDManager m, String caseName) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DIR)) {
            files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith(caseName + ".") && !f.endsWith(".in.npy") && !f.endsWith(".out.npy"))
                    .forEach(f -> params.put(f.substring(0, f.length() - 4), read(f.substring(0, f.length() - 4))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Weights.of(caseName, params, m);
    }
}
