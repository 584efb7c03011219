package dev.parity.port.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.parity.SharedData;
import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsTest {
    private static Tensor zeros(long... shape) {
        return Tensor.ofFloats(new Shape(shape), new float[(int) new Shape(shape).numel()]);
    }

    @Test
    void missingAndMisShapedKeysAreNamedWithShapes() {
        Map<String, Tensor> ckpt = new LinkedHashMap<>();
        ckpt.put("a.weight", zeros(3, 2));
        ckpt.put("a.bias", zeros(4));
        ckpt.put("tokenizer.x", zeros(1));
        try (NDManager m = Torch.newManager()) {
            Weights w = Weights.of("ckpt", ckpt, m);
            new Linear("a", w, 2, 3);
            new Linear("b", w, 2, 3, false);
            WeightLoadException e = assertThrows(WeightLoadException.class, w::finish);
            assertTrue(e.getMessage().contains("a.bias: expected [3], found [4]"), e.getMessage());
            assertTrue(e.getMessage().contains("b.weight [3, 2]"), e.getMessage());
            assertEquals(List.of("a.bias", "tokenizer.x"), e.unused());
            assertEquals(Set.of("a.weight"), w.usedKeys());
        }
    }

    @Test
    void prefixRuleIsSuggested() {
        List<String> missing = List.of("flow.decoder.estimator.a.weight", "flow.decoder.estimator.b.0.bias",
                "flow.decoder.estimator.b.1.bias");
        List<String> unused = List.of("flow.decoder.a.weight", "flow.decoder.b.0.bias", "flow.decoder.b.1.bias",
                "tokenizer.a.weight");
        PrefixRule r = PrefixRule.suggest(missing, unused);
        assertEquals("rename prefix 'flow.decoder.' -> 'flow.decoder.estimator.' would match 3 keys", r.toString());
    }

    @Test
    void noRuleWhenNothingAligns() {
        assertEquals(null, PrefixRule.suggest(List.of("a.weight"), List.of("tokenizer.bias")));
    }

    /**
     * A checkpoint rewritten while a run uses it (safetensors' save_file and torch.save truncate the file, then write
     * it anew) does not reach the run: the float32 parameters are copies, not tensors over the file's mapping, which
     * libtorch would read after the truncation and take the process down with SIGBUS.
     */
    @Test
    void parametersAreCopiedSoRewritingTheCheckpointCannotReachThem(@TempDir Path dir) throws IOException {
        Path bundled = SharedData.smallDump().resolve("weights.safetensors");
        Path copy = Files.copy(bundled, dir.resolve("weights.safetensors"));
        SafetensorsFile original = Safetensors.open(bundled);
        List<String> keys = new ArrayList<>();
        for (String k : original.names()) {
            if (original.entry(k).dtype() == DType.FLOAT32 && keys.size() < 8) {
                keys.add(k);
            }
        }
        assertEquals(8, keys.size());
        try (NDManager m = Torch.newManager()) {
            Weights w = Weights.of(Safetensors.open(copy), m);
            List<NDArray> taken = new ArrayList<>();
            for (String k : keys) {
                taken.add(w.take(k, original.entry(k).shape().dims()));
            }
            long size = Files.size(copy);
            try (RandomAccessFile r = new RandomAccessFile(copy.toFile(), "rw")) {
                r.setLength(0); // truncated ...
                r.setLength(size); // ... and written anew (here: zeros)
            }
            for (int i = 0; i < keys.size(); i++) {
                assertArrayEquals(original.tensor(keys.get(i)).toFloatArray(), taken.get(i).toFloatArray(),
                        keys.get(i));
            }
        }
    }

    /**
     * A checkpoint rewritten in place while its parameters are read (same size, another tensor's bytes changed) would
     * leave the model with old and new weights mixed: {@link Weights#finish} refuses it, naming the file.
     */
    @Test
    void aCheckpointRewrittenWhileItIsReadIsRefused(@TempDir Path dir) throws Exception {
        Path copy = Files.copy(SharedData.smallDump().resolve("weights.safetensors"), dir.resolve("w.safetensors"));
        try (NDManager m = Torch.newManager()) {
            SafetensorsFile file = Safetensors.open(copy);
            Weights w = Weights.of(file, m);
            String first = file.names().iterator().next();
            w.take(first, file.entry(first).shape().dims());
            java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(copy);
            long deadline = System.nanoTime() + 3_000_000_000L;
            do { // until the file system's clock has moved past the time the file was opened
                Thread.sleep(10);
                try (RandomAccessFile r = new RandomAccessFile(copy.toFile(), "rw")) {
                    r.seek(Files.size(copy) - 1);
                    int b = r.read();
                    r.seek(Files.size(copy) - 1);
                    r.write(b ^ 1); // the last tensor's last byte, not read yet
                }
            } while (Files.getLastModifiedTime(copy).equals(before) && System.nanoTime() < deadline);
            dev.parity.io.FormatException e = assertThrows(dev.parity.io.FormatException.class, w::finish);
            assertTrue(e.getMessage().startsWith(copy + ": changed while it was being read (modified at "),
                    e.getMessage());
        }
    }

    /** A checkpoint replaced by another file under its name (written elsewhere, then moved over it) is refused too. */
    @Test
    void aCheckpointReplacedWhileItIsReadIsRefused(@TempDir Path dir) throws Exception {
        Path bundled = SharedData.smallDump().resolve("weights.safetensors");
        Path copy = Files.copy(bundled, dir.resolve("w.safetensors"));
        try (NDManager m = Torch.newManager()) {
            Weights w = Weights.of(Safetensors.open(copy), m);
            Path next = Files.copy(bundled, dir.resolve("w.safetensors.tmp"));
            Files.move(next, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            dev.parity.io.FormatException e = assertThrows(dev.parity.io.FormatException.class, w::finish);
            assertEquals(copy + ": changed while it was being read (replaced by another file): another program "
                    + "rewrote it, and the tensors read may mix old and new data; read it again once it is written",
                    e.getMessage());
        }
        try (NDManager m = Torch.newManager()) { // the file as it now stands, read start to end: accepted
            Weights w = Weights.of(Safetensors.open(copy), m);
            w.finish();
        }
    }
}
