package dev.parity.port.t3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parity.SharedData;
import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.port.nn.RunContext;
import dev.parity.port.run.ReferenceDump;
import dev.parity.port.run.T3Pipeline;
import dev.parity.tensor.DType;
import dev.parity.tensor.HalfFloats;
import dev.parity.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * bfloat16 and float16 checkpoints (ports often ship them) load by upcasting to float32 in Java (DJL never sees
 * a half-precision array): every parameter equals the half value widened exactly, and the model generates.
 */
class T3HalfCheckpointTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"BFLOAT16", "FLOAT16"})
    void halfCheckpointLoadsUpcastAndGenerates(DType half) throws Exception {
        ReferenceDump dump = ReferenceDump.open(SharedData.dump("t3-small-seed1"));
        SafetensorsFile f32 = Safetensors.open(dump.weights());
        Map<String, Tensor> halves = new LinkedHashMap<>();
        for (String k : f32.names()) {
            halves.put(k, toHalf(f32.tensor(k), half));
        }
        Path ckpt = tmp.resolve("t3-" + half + ".safetensors");
        Safetensors.write(ckpt, halves, Map.of());
        try (T3Pipeline p = T3Pipeline.load(dump.t3Config(), ckpt)) {
            Map<String, Tensor> held = p.loadedParameters();
            assertEquals(f32.names().size(), held.size());
            for (String k : f32.names()) {
                assertArrayEquals(halves.get(k).toFloatArray(), held.get(k).toFloatArray(), k);
            }
            long[] tokens = p.run(dump.t3Inputs(), dump.generation().withMaxNewTokens(4), TokenDraws.seeded(3),
                    RunContext.OFF).speech_tokens_raw();
            assertEquals(true, tokens.length >= 1 && tokens.length <= 4);
        }
    }

    private static Tensor toHalf(Tensor t, DType half) {
        float[] v = t.toFloatArray();
        ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putShort(half == DType.BFLOAT16 ? HalfFloats.floatToBfloat16(x) : HalfFloats.floatToHalf(x));
        }
        return Tensor.wrap(half, t.shape(), b.flip(), ByteOrder.LITTLE_ENDIAN, false);
    }
}
