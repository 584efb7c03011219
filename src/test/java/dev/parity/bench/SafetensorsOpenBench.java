package dev.parity.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;

/**
 * Benchmark, not a test: opening a ~1 GB safetensors file of ~2500 float32 tensors (header only) and reading
 * every element of every tensor. See {@code bench/safetensors-open.md} for the command and the numbers.
 *
 * <p>Usage: {@code SafetensorsOpenBench <file> [generate]}; {@code generate} (re)writes the file first. Tensor
 * {@code k} holds {@code (k + i) % 7} at element {@code i}, so the total is known without reading.
 */
public final class SafetensorsOpenBench {
    static final int TENSORS = 2500;
    static final long TARGET_BYTES = 1L << 30;

    private SafetensorsOpenBench() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/parity-bench/weights-1g.safetensors");
        if (args.length > 1 && args[1].equals("generate") || !Files.exists(file)) {
            long t0 = System.nanoTime();
            generate(file);
            System.out.printf("generated %s (%,d bytes) in %.1f s%n", file, Files.size(file), secs(t0));
        }
        double[] opens = new double[21];
        SafetensorsFile f = null;
        for (int r = 0; r < opens.length; r++) {
            long t0 = System.nanoTime();
            f = Safetensors.open(file);
            opens[r] = (System.nanoTime() - t0) / 1e6;
        }
        double first = opens[0];
        Arrays.sort(opens);
        System.out.printf("open (header only, %d tensors): first %.1f ms, median of %d %.2f ms%n",
                f.names().size(), first, opens.length, opens[opens.length / 2]);
        for (int pass = 1; pass <= 2; pass++) {
            long t0 = System.nanoTime();
            SafetensorsFile g = Safetensors.open(file);
            double sum = 0;
            long elements = 0;
            double[] chunk = new double[1 << 16];
            for (String name : g.names()) {
                Tensor t = g.tensor(name);
                for (long i = 0; i < t.numel(); i += chunk.length) {
                    int n = (int) Math.min(chunk.length, t.numel() - i);
                    t.copyTo(i, chunk, 0, n);
                    for (int k = 0; k < n; k++) {
                        sum += chunk[k];
                    }
                }
                elements += t.numel();
            }
            double s = secs(t0);
            System.out.printf("pass %d: open + read %,d elements (%,d bytes) in %.2f s = %.2f GB/s, sum %.0f (expected %.0f)%n",
                    pass, elements, elements * 4, s, elements * 4 / s / 1e9, sum, expectedSum(g));
        }
    }

    /** Shapes {@code [rows, 256]} with random rows, so the sizes vary; about 1 GiB of float32 in all. */
    static void generate(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Random rnd = new Random(42);
        long perTensor = TARGET_BYTES / TENSORS / 4 / 256; // mean rows
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt").put("made_by", "SafetensorsOpenBench");
        long[] rows = new long[TENSORS];
        long offset = 0;
        for (int k = 0; k < TENSORS; k++) {
            rows[k] = 1 + (long) (rnd.nextDouble() * 2 * perTensor);
            long len = rows[k] * 256 * 4;
            ObjectNode e = header.putObject(name(k));
            e.put("dtype", "F32");
            e.putArray("shape").add(rows[k]).add(256);
            e.putArray("data_offsets").add(offset).add(offset + len);
            offset += len;
        }
        byte[] h = json.writeValueAsBytes(header);
        int padded = (h.length + 7) / 8 * 8;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(h);
            while (head.hasRemaining()) {
                head.put((byte) ' ');
            }
            ch.write(head.flip());
            ByteBuffer data = ByteBuffer.allocateDirect(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < TENSORS; k++) {
                long n = rows[k] * 256;
                for (long i = 0; i < n; i++) {
                    if (!data.hasRemaining()) {
                        writeAll(ch, data);
                    }
                    data.putFloat(value(k, i));
                }
            }
            writeAll(ch, data);
        }
    }

    static String name(int k) {
        return "model.layers." + k / 10 + ".block" + k % 10 + ".weight";
    }

    static float value(int k, long i) {
        return (float) ((k + i) % 7);
    }

    private static double expectedSum(SafetensorsFile f) {
        double s = 0;
        int k = 0;
        for (String name : f.names()) {
            long n = f.entry(name).shape().numel();
            for (long r = 0; r < 7 && r < n; r++) { // values cycle with period 7
                long count = (n - r + 6) / 7;
                s += count * value(k, r);
            }
            k++;
        }
        return s;
    }

    private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
        b.flip();
        while (b.hasRemaining()) {
            ch.write(b);
        }
        b.clear();
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
