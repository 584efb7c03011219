package dev.parity.bench;

import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.io.TraceWriter;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Benchmark, not a test: a trace larger than the JVM heap (default 1.5 GB of float32 {@code .npy} files),
 * written with {@link TraceWriter} and then read fully, tensor by tensor, through the memory-mapped
 * {@link Tensor#copyTo} path the compare engine uses. Run it with {@code -Xmx512m}; see
 * {@code bench/large-trace.md}.
 *
 * <p>Usage: {@code LargeTraceBench <dir> [generate] [megabytes]}. Entry {@code k} holds {@code (k + i) % 5} at
 * element {@code i}, so the total is known without reading.
 */
public final class LargeTraceBench {
    static final int ELEMENTS = 1 << 20; // 4 MiB of float32 per tensor, shape (1024, 1024)

    private LargeTraceBench() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/parity-bench/large-trace");
        long megabytes = args.length > 2 ? Long.parseLong(args[2]) : 1536;
        int tensors = (int) (megabytes * (1 << 20) / (4L * ELEMENTS));
        System.out.printf("max heap %,d MB%n", Runtime.getRuntime().maxMemory() >> 20);
        if (args.length > 1 && args[1].equals("generate") || !Files.exists(dir)) {
            long t0 = System.nanoTime();
            generate(dir, tensors);
            System.out.printf("wrote %d tensors (%,d MB of .npy) with TraceWriter in %.1f s%n", tensors,
                    (long) tensors * 4 * ELEMENTS >> 20, SafetensorsOpenBench.secs(t0));
        }
        long t0 = System.nanoTime();
        Trace trace = TraceReader.read(dir);
        double readManifest = SafetensorsOpenBench.secs(t0);
        double sum = 0;
        double expected = 0;
        long elements = 0;
        double[] chunk = new double[1 << 16];
        for (TraceEntry e : trace.entries()) {
            Tensor t = trace.tensor(e);
            for (long i = 0; i < t.numel(); i += chunk.length) {
                int n = (int) Math.min(chunk.length, t.numel() - i);
                t.copyTo(i, chunk, 0, n);
                for (int k = 0; k < n; k++) {
                    sum += chunk[k];
                }
            }
            elements += t.numel();
            expected += expectedSum(e.index(), t.numel());
        }
        double s = SafetensorsOpenBench.secs(t0);
        System.out.printf("read manifest (%d entries) in %.3f s; read all %,d elements (%,d MB) in %.2f s = %.2f GB/s%n",
                trace.entries().size(), readManifest, elements, elements * 4 >> 20, s, elements * 4 / s / 1e9);
        System.out.printf("sum %.0f (expected %.0f) %s%n", sum, expected, sum == expected ? "OK" : "MISMATCH");
        System.out.printf("peak heap used %,d MB; GC: %s%n", peakHeap() >> 20, gcs());
    }

    static void generate(Path dir, int tensors) throws IOException {
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (TraceWriter w = TraceWriter.create(dir, Map.of("name", "LargeTraceBench", "language", "java"), null)) {
            float[] v = new float[ELEMENTS];
            for (int k = 0; k < tensors; k++) {
                for (int i = 0; i < ELEMENTS; i++) {
                    v[i] = (k + i) % 5;
                }
                w.add(new EntryId("model.layers." + k, 0, EntryKind.OUT, null), "Block",
                        Tensor.ofFloats(Shape.ofInts(1024, 1024), v), DType.FLOAT32);
            }
        }
    }

    static double expectedSum(int k, long n) {
        double s = 0;
        for (long r = 0; r < 5 && r < n; r++) {
            s += ((n - r + 4) / 5) * (double) ((k + r) % 5);
        }
        return s;
    }

    static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    static String gcs() {
        StringBuilder b = new StringBuilder();
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            b.append(g.getName()).append(' ').append(g.getCollectionCount()).append("x ")
                    .append(g.getCollectionTime()).append(" ms; ");
        }
        return b.toString();
    }
}
