package dev.parity.port.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A T3 checkpoint with the keys and shapes of {@code reference-dumps/state-dicts/t3-state-dict-full.tsv} and random
 * float32 values, streamed to disk tensor by tensor (the full set is 2.1 GB; it never sits in memory). Values follow
 * the dumps' recipe in spirit: Linear weights uniform with variance 1/fan_in, biases small, RMSNorm/LayerNorm weights
 * around 1, embeddings and queries unit variance, learned positions 0.5.
 */
public final class FullSizeT3Checkpoint {
    private static final double SQRT3 = Math.sqrt(3);

    private FullSizeT3Checkpoint() {
    }

    /** The rows of the T3 listing. */
    public static List<FullSizeCheckpoint.Row> rows() {
        Path tsv = SharedData.stateDict("t3");
        try {
            return Files.readAllLines(tsv).stream().filter(l -> !l.startsWith("#") && !l.startsWith("key\t"))
                    .map(l -> l.split("\t")).filter(f -> f.length == 5 && f[1].startsWith("["))
                    .map(f -> new FullSizeCheckpoint.Row(f[0], shape(f[1]))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long[] shape(String s) {
        String[] parts = s.substring(1, s.length() - 1).split(",");
        long[] d = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            d[i] = Long.parseLong(parts[i].trim());
        }
        return d;
    }

    /** Writes the rows {@code keep} accepts as float32; returns the number of values written. */
    public static long write(Path file, List<FullSizeCheckpoint.Row> rows, Predicate<String> keep, long seed)
            throws IOException {
        List<FullSizeCheckpoint.Row> kept = rows.stream().filter(r -> keep.test(r.key())).toList();
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        long offset = 0;
        for (FullSizeCheckpoint.Row r : kept) {
            ObjectNode e = header.putObject(r.key());
            e.put("dtype", "F32");
            var sh = e.putArray("shape");
            for (long d : r.shape()) {
                sh.add(d);
            }
            long bytes = 4 * numel(r.shape());
            e.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        header.putObject("__metadata__").put("note", "random full-size T3 weights (tests, benchmarks)");
        byte[] h = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(h);
            while (head.hasRemaining()) {
                head.put((byte) ' ');
            }
            writeAll(ch, head.flip());
            for (FullSizeT3Checkpoint.Values v = new Values(seed); v.hasNext(kept); ) {
                writeAll(ch, v.next(kept));
            }
        }
        return offset / 4;
    }

    /** Streams one tensor's values after another. */
    private static final class Values {
        private final long seed;
        private int index;

        Values(long seed) {
            this.seed = seed;
        }

        boolean hasNext(List<FullSizeCheckpoint.Row> rows) {
            return index < rows.size();
        }

        ByteBuffer next(List<FullSizeCheckpoint.Row> rows) {
            FullSizeCheckpoint.Row r = rows.get(index++);
            int n = Math.toIntExact(numel(r.shape()));
            ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
            SplittableRandom rng = new SplittableRandom(seed ^ r.key().hashCode());
            double[] ms = meanAndScale(r);
            for (int i = 0; i < n; i++) {
                b.putFloat((float) (ms[0] + ms[1] * SQRT3 * (2 * rng.nextDouble() - 1)));
            }
            return b.flip();
        }
    }

    /** (mean, standard deviation) of a key's values. */
    static double[] meanAndScale(FullSizeCheckpoint.Row r) {
        String k = r.key();
        long[] s = r.shape();
        if (k.endsWith("layernorm.weight") || k.equals("tfmr.norm.weight") || k.endsWith("attn.norm.weight")) {
            return new double[] {1, 0.1};
        }
        if (k.endsWith(".bias")) {
            return new double[] {0, 0.02};
        }
        if (k.startsWith("text_pos_emb") || k.startsWith("speech_pos_emb")) {
            return new double[] {0, 0.5};
        }
        if (k.endsWith("_emb.weight") || k.contains("embed_tokens") || k.endsWith("pre_attention_query")) {
            return new double[] {0, 1};
        }
        double fanIn = s.length >= 2 ? s[s.length - 1] : 1;
        double gain = k.startsWith("speech_head") ? 2 : k.startsWith("cond_enc.spkr_enc") ? 16 : 1;
        return new double[] {0, gain / Math.sqrt(fanIn)};
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
