package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.parity.io.SafetensorsFile;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import dev.parity.weights.WeightNorm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Hands checkpoint tensors (in the run's dtype, float32 unless chosen at load, on the model's manager) to modules
 * while they are built, by upstream key. The dtype chosen here is the one place a float64 run is decided: every
 * parameter is that dtype, and modules make their constants in their input's dtype.
 * Strict: a missing or mis-shaped key is remembered (the module gets a zero placeholder so building can go
 * on and report every problem at once) and {@link #finish()} then throws a {@link WeightLoadException} naming
 * each key with its expected and found shape, the unused keys, and a prefix rename that would fix it.
 * No parameter is ever left at an initial value without that error.
 */
public final class Weights {
    private static final int LIST_LIMIT = 100;

    private final String source;
    private final Map<String, Shape> shapes;
    private final Function<String, Tensor> reader;
    private final NDManager manager;
    private final DataType dtype;
    private final Map<String, NDArray> held = new LinkedHashMap<>();
    private final Map<String, NDArray> fused = new LinkedHashMap<>(); // path.weight -> W = g·v/‖v‖ as computed
    private final Map<String, Shape> missing = new LinkedHashMap<>();
    private final boolean placeholders;
    private final List<String> misShaped = new ArrayList<>();

    private final SafetensorsFile file; // null for tensors in memory

    private Weights(String source, Map<String, Shape> shapes, Function<String, Tensor> reader, NDManager manager,
                    DataType dtype, SafetensorsFile file) {
        this(source, shapes, reader, manager, dtype, file, false);
    }

    private Weights(String source, Map<String, Shape> shapes, Function<String, Tensor> reader, NDManager manager,
                    DataType dtype, SafetensorsFile file, boolean placeholders) {
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT64) {
            throw new IllegalArgumentException("weights load as float32 or float64, not " + dtype);
        }
        this.placeholders = placeholders;
        this.source = source;
        this.shapes = shapes;
        this.reader = reader;
        this.manager = manager;
        this.dtype = dtype;
        this.file = file;
    }

    /**
     * Weights from a safetensors checkpoint, as float32. float32 tensors are read from the file straight into native
     * tensors (one copy, never through the Java heap); other dtypes (bfloat16, float16, ...) are upcast to float32 in
     * Java and copied. Nothing stays mapped, so rewriting the checkpoint while a run uses it cannot disturb the run.
     */
    public static Weights of(SafetensorsFile file, NDManager manager) {
        return of(file, manager, DataType.FLOAT32);
    }

    /** Weights from a checkpoint, every parameter cast to {@code dtype} (float32 or float64: a float64 run). */
    public static Weights of(SafetensorsFile file, NDManager manager, DataType dtype) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        file.entries().forEach((k, e) -> shapes.put(k, e.shape()));
        return new Weights(file.path().toString(), shapes, file::tensor, manager, dtype, file);
    }

    /** Weights from tensors in memory (tests, fixtures). */
    public static Weights of(String source, Map<String, Tensor> tensors, NDManager manager) {
        return of(source, tensors, manager, DataType.FLOAT32);
    }

    /** Weights from tensors in memory, cast to {@code dtype}. */
    public static Weights of(String source, Map<String, Tensor> tensors, NDManager manager, DataType dtype) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        tensors.forEach((k, t) -> shapes.put(k, t.shape()));
        return new Weights(source, shapes, tensors::get, manager, dtype, null);
    }

    /** The dtype of every parameter (float32, or float64 for a float64 run). */
    public DataType dtype() {
        return dtype;
    }

    /**
     * No checkpoint: every parameter is a zero of the asked shape that takes no memory (one element broadcast).
     * For building a model to see its structure (which op specs it uses: {@link OpCensus}), never to run it.
     */
    public static Weights placeholders(NDManager manager) {
        return new Weights("(placeholders)", Map.of(), k -> null, manager, DataType.FLOAT32, null, true);
    }

    /** The manager that owns every parameter. */
    public NDManager manager() {
        return manager;
    }

    /** True when the checkpoint holds {@code key}. */
    public boolean contains(String key) {
        return shapes.containsKey(key);
    }

    /** The parameter stored under {@code key}, which must have {@code shape}. */
    public NDArray take(String key, long... shape) {
        if (placeholders) {
            return manager.zeros(new ai.djl.ndarray.types.Shape(1)).broadcast(new ai.djl.ndarray.types.Shape(shape));
        }
        Shape expected = new Shape(shape);
        Shape found = shapes.get(key);
        if (found == null) {
            missing.put(key, expected);
            return manager.zeros(new ai.djl.ndarray.types.Shape(shape), dtype);
        }
        if (!found.equals(expected)) {
            misShaped.add(key + ": expected " + expected + ", found " + found);
            return manager.zeros(new ai.djl.ndarray.types.Shape(shape), dtype);
        }
        ai.djl.ndarray.types.Shape s = new ai.djl.ndarray.types.Shape(shape);
        NDArray a = dtype == DataType.FLOAT64 ? manager.create(reader.apply(key).toDoubleArray(), s)
                : copied(key) ? copy(key, s)
                : manager.create(reader.apply(key).toFloatArray(), s);
        held.put(key, a);
        return a;
    }

    /**
     * Several parameters of the same {@code (rows, cols)} shape stacked along axis 0 into one tensor, in the order
     * of {@code keys} (q/k/v projections computed as one product): each key is checked and counted as by
     * {@link #take}, and what the load audit sees under it is its rows of the stack, so the stack is the only copy.
     */
    public NDArray stacked(List<String> keys, long rows, long cols) {
        if (placeholders) {
            return take(keys.get(0), keys.size() * rows, cols);
        }
        NDList parts = new NDList();
        for (String k : keys) {
            parts.add(take(k, rows, cols));
        }
        NDArray stack = parts.size() == 1 ? parts.get(0) : ai.djl.ndarray.NDArrays.concat(parts, 0);
        for (int i = 0; i < keys.size(); i++) {
            if (held.containsKey(keys.get(i))) {
                held.put(keys.get(i), stack.get(new NDIndex("{}:{}", i * rows, (i + 1) * rows)));
            }
            if (parts.size() > 1) {
                parts.get(i).close();
            }
        }
        return stack;
    }

    /**
     * Whether {@code key} is read straight into a native tensor: a float32 tensor of a file on a little-endian machine
     * (one over 2 GiB goes the other way, whose reader names the limit).
     */
    private boolean copied(String key) {
        return file != null && file.entry(key).dtype() == dev.parity.tensor.DType.FLOAT32
                && java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN
                && file.entry(key).byteSize() > 0 && file.entry(key).byteSize() <= Integer.MAX_VALUE;
    }

    /**
     * A new native float32 tensor holding the file's bytes of {@code key}, read into it directly (one copy, no Java
     * array). Not a tensor over the file's mapping: a checkpoint rewritten or truncated by another program while a
     * run uses it would make libtorch fault on the mapped pages and take the process down (SIGBUS).
     */
    private NDArray copy(String key, ai.djl.ndarray.types.Shape s) {
        NDArray a = manager.create(s, DataType.FLOAT32); // uninitialised; filled whole below
        try {
            file.readInto(key, a.toByteBuffer(true));
            return a;
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /**
     * The weight of a weight-normed layer at {@code path} (see {@link WeightNorm}): W = g·v/‖v‖,
     * the norm over every axis but 0, no eps. A checkpoint that stores the plain {@code path.weight} is
     * accepted too.
     */
    public NDArray weightNormed(String path, long... shape) {
        String plain = path + ".weight";
        if (placeholders || contains(plain) && !contains(WeightNorm.vKey(path))) {
            return take(plain, shape);
        }
        long[] gShape = new long[shape.length];
        Arrays.fill(gShape, 1);
        gShape[0] = shape[0];
        NDArray g = take(WeightNorm.gKey(path), gShape);
        NDArray v = take(WeightNorm.vKey(path), shape);
        int[] axes = new int[shape.length - 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        NDArray norm = v.square().sum(axes, true).sqrt(); // (dim0, 1, ..)
        NDArray w = v.mul(g.div(norm)); // shape
        fused.put(path + ".weight", w);
        return w;
    }

    /**
     * Throws when the checkpoint changed while the parameters were read from it (another program rewrote or replaced
     * it: old and new tensors may be mixed; {@link SafetensorsFile#requireUnchanged}), or when any parameter was
     * missing or mis-shaped.
     */
    public void finish() {
        if (file != null) {
            file.requireUnchanged();
        }
        if (missing.isEmpty() && misShaped.isEmpty()) {
            return;
        }
        List<String> miss = missing.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
        List<String> unused = List.copyOf(unusedKeys());
        PrefixRule rule = missing.isEmpty() ? null : PrefixRule.suggest(missing.keySet(), unused);
        StringBuilder m = new StringBuilder("checkpoint " + source + " does not fit the model: "
                + missing.size() + " missing, " + misShaped.size() + " mis-shaped key(s)");
        appendList(m, "missing (expected shape)", miss);
        appendList(m, "mis-shaped", misShaped);
        appendList(m, "unused", unused);
        if (rule != null) {
            m.append("\nsuggestion: ").append(rule);
        }
        throw new WeightLoadException(m.toString(), miss, misShaped, unused, rule);
    }

    private static void appendList(StringBuilder m, String title, List<String> items) {
        m.append("\n").append(title).append(" (").append(items.size()).append("):");
        items.stream().limit(LIST_LIMIT).forEach(s -> m.append("\n  ").append(s));
        if (items.size() > LIST_LIMIT) {
            m.append("\n  ... and ").append(items.size() - LIST_LIMIT).append(" more");
        }
    }

    /** The number of parameters the model took (elements of every key taken). */
    public long parameterCount() {
        long n = 0;
        for (NDArray a : held.values()) {
            n += a.size();
        }
        return n;
    }

    /** Checkpoint keys a module took. */
    public Set<String> usedKeys() {
        return Collections.unmodifiableSet(new TreeSet<>(held.keySet()));
    }

    /** Checkpoint keys no module took (e.g. {@code tokenizer.*}, {@code speaker_encoder.*}). */
    public Set<String> unusedKeys() {
        return shapes.keySet().stream().filter(k -> !held.containsKey(k))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Every parameter as the pipeline holds it (float32), keyed by checkpoint key, plus each weight-normed layer's
     * computed weight under {@code <path>.weight} (so an audit can check g·v/‖v‖ too); copies to the heap.
     */
    public Map<String, Tensor> loadedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        held.forEach((k, a) -> out.put(k, TraceWriterSink.toTensor(a)));
        fused.forEach((k, a) -> out.put(k, TraceWriterSink.toTensor(a)));
        return out;
    }
}
