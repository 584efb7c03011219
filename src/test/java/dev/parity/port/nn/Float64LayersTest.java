package dev.parity.port.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers the port implements itself because DJL 0.36 lacks them (conv_transpose1d, group_norm, the pads, Snake,
 * weight norm), run in float64 (weights loaded as float64 by {@link Weights}) on the PyTorch fixtures of
 * {@link LayersTest}: the output stays float64 and matches PyTorch's float32 result within float32 rounding.
 */
class Float64LayersTest {
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = Torch.newManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void convolutionsAndWeightNormInFloat64() {
        check("conv1d_b", (w, x) -> new Conv1d("conv1d_b", w,
                ConvSpec.of(6, 4, 5).stride(2).padding(3).dilation(2).groups(2)).forward(RunContext.OFF, x));
        check("conv_t_a", (w, x) -> new ConvTranspose1d("conv_t_a", w, ConvSpec.of(6, 4, 16).stride(8).padding(4))
                .forward(RunContext.OFF, x));
        check("conv_t_b", (w, x) -> new ConvTranspose1d("conv_t_b", w,
                ConvSpec.of(4, 6, 7).stride(3).padding(2).outputPadding(1).groups(2).dilation(2))
                .forward(RunContext.OFF, x));
        check("conv_t_c", (w, x) -> new ConvTranspose1d("conv_t_c", w, ConvSpec.of(3, 2, 3).padding(4))
                .forward(RunContext.OFF, x));
        check("wn_conv_t", (w, x) -> new ConvTranspose1d("wn_conv_t", w,
                ConvSpec.of(4, 6, 5).stride(2).padding(1).weightNormed()).forward(RunContext.OFF, x));
    }

    @Test
    void normsActivationsAndPadsInFloat64() {
        check("layernorm_tiny_eps", (w, x) -> new LayerNorm("layernorm_tiny_eps", w, 8, 1e-12)
                .forward(RunContext.OFF, x));
        check("groupnorm", (w, x) -> new GroupNorm("groupnorm", w, 2, 6, 1e-5).forward(RunContext.OFF, x));
        check("snake", (w, x) -> new Snake("snake", w, 4).forward(RunContext.OFF, x));
        check("mish", (w, x) -> new Mish("mish").forward(RunContext.OFF, x));
        check("pad_reflect", (w, x) -> Pad.reflect(x, 3, 2));
        check("pad_replicate", (w, x) -> Pad.replicate(x, 2, 3));
    }

    private static void check(String caseName, BiFunction<Weights, NDArray, NDArray> layer) {
        try (NDManager m = manager.newSubManager()) {
            Weights w = Weights.of(caseName, params(caseName), m, DataType.FLOAT64);
            NDArray x = NnFixtures.input(m, caseName).toType(DataType.FLOAT64, false);
            NDArray y = layer.apply(w, x);
            w.finish();
            assertEquals(DataType.FLOAT64, y.getDataType(), caseName);
            Tensor want = NnFixtures.read(caseName + ".out");
            assertArrayEquals(want.shape().dims(), y.getShape().getShape(), caseName + " shape");
            double[] got = y.toDoubleArray();
            double[] exp = want.toDoubleArray();
            double worst = 0;
            for (int i = 0; i < exp.length; i++) {
                worst = Math.max(worst, Math.abs(got[i] - exp[i]) / (1 + Math.abs(exp[i])));
            }
            assertTrue(worst <= 1e-6, caseName + ": worst |Δ|/(1+|ref|) = " + worst);
        }
    }

    private static Map<String, Tensor> params(String caseName) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(NnFixtures.DIR)) {
            files.map(p -> p.getFileName().toString()).sorted()
                    .filter(f -> f.startsWith(caseName + ".") && !f.endsWith(".in.npy") && !f.endsWith(".out.npy"))
                    .forEach(f -> out.put(f.substring(0, f.length() - 4), NnFixtures.read(f.substring(0,
                            f.length() - 4))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
