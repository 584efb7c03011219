package dev.parity.localize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.TraceCopies;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntPredicate;

/** Faulty candidate traces built from a reference dump: perturb one entry and every float entry after it. */
final class Candidates {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Candidates() {
    }

    /** The first entry named {@code name} of kind {@code kind} (arg null). */
    static TraceEntry entry(Trace t, String name, int call, EntryKind kind) {
        return t.entries().stream().filter(e -> e.name().equals(name) && e.call() == call && e.kind() == kind
                && e.arg() == null).findFirst().orElseThrow(() -> new AssertionError("no entry " + name));
    }

    /** Copies {@code src}; entries at or after {@code from} (float, non-rng) get a 1e-2 relative nonlinear error. */
    static Path perturbedFrom(Path src, Path dst, int from) throws IOException {
        return TraceCopies.copy(src, dst, (i, e, t) -> i >= from && perturbable(e) ? shifted(t, 1e-2) : t);
    }

    static boolean perturbable(ObjectNode e) {
        String kind = e.get("kind").asText();
        String dtype = e.get("dtype").asText();
        return !kind.equals("rng") && dtype.startsWith("float");
    }

    static Tensor shifted(Tensor t, double eps) {
        double[] v = t.toDoubleArray();
        float[] f = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            f[k] = (float) (v[k] + eps * (Math.abs(v[k]) + Math.sin(k)));
        }
        return Tensor.ofFloats(t.shape(), f);
    }

    static Tensor scaled(Tensor t, double a, double b) {
        double[] v = t.toDoubleArray();
        float[] f = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            f[k] = (float) (a * v[k] + b);
        }
        return Tensor.ofFloats(t.shape(), f);
    }

    /** Rewrites a copied manifest keeping only the entries {@code keep} accepts and a foreign producer. */
    static void keepOnly(Path trace, IntPredicate keep) throws IOException {
        Path m = trace.resolve("manifest.json");
        ObjectNode doc = (ObjectNode) JSON.readTree(m.toFile());
        ArrayNode in = (ArrayNode) doc.get("entries");
        ArrayNode out = JSON.createArrayNode();
        for (int i = 0; i < in.size(); i++) {
            if (keep.test(i)) {
                out.add(in.get(i));
            }
        }
        doc.set("entries", out);
        doc.putObject("producer").put("name", "foreign-port").put("language", "swift");
        JSON.writeValue(m.toFile(), doc);
    }
}
