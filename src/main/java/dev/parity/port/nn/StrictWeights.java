package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.parity.io.SafetensorsFile;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Strict loading of checkpoint tensors by their upstream state-dict keys into float32 NDArrays. A missing key or
 * a shape other than the module expects is an exception naming the key, the expected and the found shape; keys
 * under a prefix that no module took can be refused with {@link #requireAllUsed(String)}. Everything handed out
 * is remembered, so a load audit can read back what the port holds ({@link #loaded()}).
 */
public final class StrictWeights {
    private final String source;
    private final Set<String> names;
    private final Function<String, Tensor> reader;
    private final Map<String, Shape> shapes;
    private final NDManager manager;
    private final Map<String, NDArray> loaded = new LinkedHashMap<>();

    private StrictWeights(String source, Set<String> names, Map<String, Shape> shapes,
            Function<String, Tensor> reader, NDManager manager) {
        this.source = source;
        this.names = names;
        this.shapes = shapes;
        this.reader = reader;
        this.manager = manager;
    }

    /** Weights from a (memory-mapped) safetensors checkpoint; arrays are owned by {@code manager}. */
    public static StrictWeights of(SafetensorsFile file, NDManager manager) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        file.entries().forEach((k, e) -> shapes.put(k, e.shape()));
        return new StrictWeights(file.path().toString(), file.names(), shapes, file::tensor, manager);
    }

    /** Weights from tensors in memory (e.g. random weights made by a test). */
    public static StrictWeights of(String source, Map<String, Tensor> tensors, NDManager manager) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        tensors.forEach((k, t) -> shapes.put(k, t.shape()));
        return new StrictWeights(source, tensors.keySet(), shapes, tensors::get, manager);
    }

    /**
     * The tensor stored under {@code key} as a float32 NDArray.
     *
     * @throws IllegalArgumentException when the key is absent or its shape is not {@code expected}
     */
    public NDArray get(String key, long... expected) {
        Shape found = shapes.get(key);
        if (found == null) {
            throw new IllegalArgumentException(source + ": missing weight '" + key + "' (expected shape "
                    + Arrays.toString(expected) + ")");
        }
        if (!Arrays.equals(found.dims(), expected)) {
            throw new IllegalArgumentException(source + ": weight '" + key + "' has shape " + found
                    + " but the module expects " + Arrays.toString(expected));
        }
        NDArray a = NDTensors.toNDArray(manager, reader.apply(key));
        a.setName(key);
        NDArray old = loaded.put(key, a);
        if (old != null) {
            old.close();
        }
        return a;
    }

    /** Checkpoint keys under {@code prefix} that no module has taken. */
    public Set<String> unused(String prefix) {
        Set<String> u = new TreeSet<>();
        for (String k : names) {
            if (k.startsWith(prefix) && !loaded.containsKey(k)) {
                u.add(k);
            }
        }
        return u;
    }

    /** @throws IllegalArgumentException listing the keys under {@code prefix} that no module took */
    public void requireAllUsed(String prefix) {
        Set<String> u = unused(prefix);
        if (!u.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + u.size() + " unexpected weight(s) under '" + prefix
                    + "' that the model does not have: " + u);
        }
    }

    /** The keys handed out, in load order. */
    public Set<String> usedKeys() {
        return Collections.unmodifiableSet(loaded.keySet());
    }

    /** Checkpoint key → the values as held by the port (read back from its NDArrays), float32. */
    public Map<String, Tensor> loaded() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        loaded.forEach((k, a) -> m.put(k, NDTensors.toTensor(a)));
        return m;
    }

    /** Where the weights come from (a file path or a label). */
    public String source() {
        return source;
    }
}
