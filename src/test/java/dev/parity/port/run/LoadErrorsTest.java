package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.port.nn.WeightLoadException;
import dev.parity.port.s3gen.FlowConfig;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints that do not fit: the load stops with every missing / mis-shaped / unused key and a fix. */
class LoadErrorsTest {
    static final String REMOVED = "flow.encoder.up_encoders.1.self_attn.pos_bias_v";

    @TempDir
    Path tmp;

    private static FlowConfig smallConfig() {
        return ReferenceDump.open(SharedData.smallDump()).flowConfig();
    }

    /** The small dump's weights with keys renamed ({@code null} drops the key). */
    private Path rewrite(UnaryOperator<String> rename, Map<String, Tensor> replace) throws Exception {
        SafetensorsFile src = Safetensors.open(SharedData.smallDump().resolve("weights.safetensors"));
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String k : src.names()) {
            String n = rename.apply(k);
            if (n != null) {
                out.put(n, replace.getOrDefault(k, src.tensor(k)));
            }
        }
        Path f = tmp.resolve("ckpt.safetensors");
        Safetensors.write(f, out, Map.of());
        return f;
    }

    @Test
    void oneKeyRemoved() throws Exception {
        Path f = rewrite(k -> k.equals(REMOVED) ? null : k, Map.of());
        WeightLoadException e = assertThrows(WeightLoadException.class,
                () -> S3GenPipeline.loadFlow(smallConfig(), f).close());
        assertEquals(1, e.missing().size());
        assertTrue(e.getMessage().contains(REMOVED + " [2, 32]"), e.getMessage());
        assertTrue(e.getMessage().contains("missing (expected shape) (1)"), e.getMessage());
        assertTrue(e.unused().stream().allMatch(k -> k.startsWith("mel2wav.")), e.unused().toString());
    }

    @Test
    void estimatorPrefixRewritten() throws Exception {
        Path f = rewrite(k -> k.replace("flow.decoder.estimator.", "flow.decoder."), Map.of());
        WeightLoadException e = assertThrows(WeightLoadException.class,
                () -> S3GenPipeline.loadFlow(smallConfig(), f).close());
        long estimatorKeys = Safetensors.open(SharedData.smallDump().resolve("weights.safetensors")).names().stream()
                .filter(k -> k.startsWith("flow.decoder.estimator.")).count();
        assertEquals(estimatorKeys, e.missing().size());
        String rule = "rename prefix 'flow.decoder.' -> 'flow.decoder.estimator.' would match " + estimatorKeys
                + " keys";
        assertTrue(e.getMessage().contains(rule), e.getMessage());
        assertTrue(e.getMessage().contains("unused (" + e.unused().size() + ")"), e.getMessage());
        assertTrue(e.unused().contains("flow.decoder.final_proj.weight"), e.unused().toString());
        assertTrue(e.getMessage().contains("\n  " + e.unused().get(0) + "\n"), e.getMessage());
        assertTrue(e.getMessage().contains("\n  " + e.missing().get(0) + "\n"), e.getMessage());
        System.out.println(e.getMessage().lines().limit(5).collect(java.util.stream.Collectors.joining("\n")));
    }

    @Test
    void misShapedKey() throws Exception {
        String key = "flow.encoder_proj.bias";
        Path f = rewrite(k -> k, Map.of(key, Tensor.ofFloats(new Shape(81), new float[81])));
        WeightLoadException e = assertThrows(WeightLoadException.class,
                () -> S3GenPipeline.loadFlow(smallConfig(), f).close());
        assertTrue(e.getMessage().contains(key + ": expected [80], found [81]"), e.getMessage());
    }
}
