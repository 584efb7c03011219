package dev.parity.port.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.SharedData;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.localize.FaultKernels;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenBlas#attention} on the estimator's recorded attention calls of the reference dump: from upstream's own
 * q, k and v (to_q/to_k/to_v outputs) it must give what upstream handed to to_out.0, as close to the exact (float64)
 * attention of those inputs as upstream's float32 was, and with keys masked by a −1e10 bias it must ignore them.
 */
class OpenBlasAttentionTest {
    @Test
    void everyRecordedAttentionCallOfTheReferenceDump() throws IOException {
        if (OpenBlas.get().isEmpty()) {
            assertTrue(OpenBlas.describe().contains("OpenBLAS"), OpenBlas.describe());
            return;
        }
        JsonNode est = new ObjectMapper().readTree(SharedData.smallDump().resolve("config.json").toFile())
                .path("model").path("estimator");
        int heads = est.path("num_heads").asInt();
        int d = est.path("attention_head_dim").asInt();
        Trace ref = TraceReader.read(SharedData.smallDump());
        List<TraceEntry> cores = ref.entries().stream()
                .filter(e -> e.id().name().endsWith(".attn1.to_out.0") && e.id().kind() == EntryKind.IN).toList();
        assertTrue(cores.size() >= 8, "the small dump records the estimator's attention calls: " + cores.size());
        double worst = 0;
        try (NDManager m = Torch.newManager()) {
            for (TraceEntry out : cores) {
                String attn = out.id().name().substring(0, out.id().name().length() - ".to_out.0".length());
                int call = out.id().call();
                Tensor q = ref.tensor(ref.get(new EntryId(attn + ".to_q", call, EntryKind.OUT, null)));
                Tensor k = ref.tensor(ref.get(new EntryId(attn + ".to_k", call, EntryKind.OUT, null)));
                Tensor v = ref.tensor(ref.get(new EntryId(attn + ".to_v", call, EntryKind.OUT, null)));
                long[] s = q.shape().dims(); // (B, T, h·d)
                int b = (int) s[0];
                int t = (int) s[1];
                double scale = Math.pow(d, -0.5);
                NDArray qkv = m.create(q.toFloatArray(), new Shape(s)).concat(m.create(k.toFloatArray(), new Shape(s)),
                        2).concat(m.create(v.toFloatArray(), new Shape(s)), 2); // (B, T, 3·h·d)
                NDArray core = OpenBlas.get().orElseThrow().attention(qkv, heads, d, scale, null);
                assertArrayEquals(s, core.getShape().getShape(), "(B, T, h·d), what to_out.0 takes");
                double[] got = core.toType(DataType.FLOAT64, false).toDoubleArray();
                double[] exact = FaultKernels.attention(q.toDoubleArray(), k.toDoubleArray(), v.toDoubleArray(), b,
                        heads, d, scale, t);
                double ours = ConvKernels.relL2(got, exact);
                double upstream = ConvKernels.relL2(ref.tensor(out).toDoubleArray(), exact);
                assertTrue(ours <= 1.5 * upstream, attn + " call " + call + ": relative L2 error " + ours
                        + " against exact, upstream's float32 " + upstream);
                worst = Math.max(worst, ours);

                int masked = t / 3; // the last third of the keys, masked as the port's biases do (0 or -1e10)
                float[] bias = new float[b * t];
                for (int i = 0; i < b; i++) {
                    for (int j = t - masked; j < t; j++) {
                        bias[i * t + j] = -1e10f;
                    }
                }
                double[] gotMasked = OpenBlas.get().orElseThrow().attention(qkv, heads, d, scale,
                        m.create(bias, new Shape(b, 1, t))).toType(DataType.FLOAT64, false).toDoubleArray();
                double[] exactMasked = FaultKernels.attention(q.toDoubleArray(), k.toDoubleArray(),
                        v.toDoubleArray(), b, heads, d, scale, t - masked);
                assertTrue(ConvKernels.relL2(gotMasked, exactMasked) <= 1e-6, attn + " call " + call
                        + " with masked keys: " + ConvKernels.relL2(gotMasked, exactMasked));
            }
        }
        assertTrue(worst > 0, "a float32 result differs from float64 somewhere");
    }

    /**
     * The route is decided once per process: measured on one thread where OpenBLAS is installed (the tests do not
     * force {@code -Dparity.gemm}), OpenBLAS taken below 0.9× of libtorch's time; libtorch where it is not.
     */
    @Test
    void theAttentionRouteIsMeasuredOnce() {
        GemmRoute.Attention a = GemmRoute.attention();
        org.junit.jupiter.api.Assertions.assertSame(a, GemmRoute.attention());
        if (OpenBlas.get().isEmpty()) {
            assertTrue(!a.openBlas() && a.describe().startsWith("libtorch"), a.describe());
            return;
        }
        assertTrue(a.openBlasMillis() > 0 && a.libtorchMillis() > 0, a.describe());
        org.junit.jupiter.api.Assertions.assertEquals(a.openBlasMillis() < 0.9 * a.libtorchMillis(), a.openBlas(),
                a.describe());
        assertTrue(a.describe().startsWith(a.openBlas() ? "OpenBLAS (measured on one thread: OpenBLAS "
                : "libtorch (measured on one thread: OpenBLAS "), a.describe());
    }

    /** A projection that is not (B, T, 3·h·d) for the heads asked is refused, naming its shape. */
    @Test
    void aProjectionOfAnotherWidthIsRefused() {
        if (OpenBlas.get().isEmpty()) {
            assertTrue(OpenBlas.describe().contains("OpenBLAS"), OpenBlas.describe());
            return;
        }
        try (NDManager m = Torch.newManager()) {
            for (Shape bad : new Shape[] {new Shape(1, 10, 3 * 4 * 32 - 1), new Shape(10, 3 * 4 * 32)}) {
                IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class, () -> OpenBlas.get().orElseThrow()
                                .attention(m.zeros(bad), 4, 32, 0.125, null));
                assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("384"),
                        e.getMessage());
            }
        }
    }
}
