package dev.parity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.io.Npy;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Builds candidate traces for tests by copying a reference dump and rewriting entries and tensors. */
public final class TraceCopies {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Changes one manifest entry (the JSON object) and/or its tensor; returns the tensor to store. */
    @FunctionalInterface
    public interface Edit {
        Tensor apply(int index, ObjectNode entry, Tensor value) throws IOException;
    }

    private TraceCopies() {
    }

    /**
     * A copy of {@code src} in {@code dst} whose float entries (not the rng draws) from entry {@code from} on carry
     * a relative error of about 3e-2 ({@link #perturbed}): a candidate that diverges at that entry.
     */
    public static Path perturbedFrom(Path src, Path dst, int from) throws IOException {
        return copy(src, dst, (i, e, t) -> i >= from && e.get("dtype").asText().startsWith("float")
                && !e.get("kind").asText().equals("rng") ? perturbed(t) : t);
    }

    /** {@code t} (as float32) plus 3e-2·(|v| + cos k) at element k. */
    public static Tensor perturbed(Tensor t) {
        double[] v = t.toDoubleArray();
        float[] f = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            f[k] = (float) (v[k] + 3e-2 * (Math.abs(v[k]) + Math.cos(k)));
        }
        return Tensor.ofFloats(t.shape(), f);
    }

    /** Copies the manifest and every tensor file of {@code src} to {@code dst}, passing each entry through
     * {@code edit}; a returned tensor is written (C order) to the entry's file. */
    public static Path copy(Path src, Path dst, Edit edit) throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(src.resolve("manifest.json").toFile());
        ArrayNode entries = (ArrayNode) doc.get("entries");
        for (int i = 0; i < entries.size(); i++) {
            ObjectNode e = (ObjectNode) entries.get(i);
            String file = e.get("file").asText();
            Tensor t = Npy.read(src.resolve(file));
            Tensor out = edit.apply(i, e, t);
            Path target = dst.resolve(e.get("file").asText());
            Files.createDirectories(target.getParent());
            Npy.write(target, out);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(dst.resolve("manifest.json").toFile(), doc);
        return dst;
    }

    /**
     * Every file of {@code src} hard-linked (copied where links are impossible) under {@code dst}: a cheap
     * private copy that stays inside its directory, unlike a symbolic link, which a trace reader refuses.
     */
    public static Path linkTree(Path src, Path dst) throws IOException {
        return mirror(src, dst, (from, to) -> {
            try {
                Files.createLink(to, from);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(from, to);
            }
        });
    }

    /** A plain copy of every file of a trace directory. */
    public static Path copyTree(Path src, Path dst) throws IOException {
        return mirror(src, dst, Files::copy);
    }

    private interface FileAction {
        void apply(Path from, Path to) throws IOException;
    }

    /** Deletes {@code dir} and everything in it. */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** Makes the folders of {@code src} under {@code dst} and hands every file to {@code action}. */
    private static Path mirror(Path src, Path dst, FileAction action) throws IOException {
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    action.apply(p, t);
                }
            }
        }
        return dst;
    }
}
