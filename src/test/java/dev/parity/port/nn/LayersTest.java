package dev.parity.port.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.parity.tensor.Tensor;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every layer against the output PyTorch computed for the same input and parameters (fixtures/nn). */
class LayersTest {
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = Torch.newManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static void check(String caseName, BiFunction<Weights, NDArray, NDArray> layer, double tol) {
        try (NDManager m = manager.newSubManager()) {
            Weights w = NnFixtures.weights(m, caseName);
            NDArray x = NnFixtures.input(m, caseName);
            NDArray y = layer.apply(w, x);
            w.finish();
            assertEquals(w.unusedKeys().size(), 0, caseName + ": unused " + w.unusedKeys());
            Tensor want = NnFixtures.read(caseName + ".out");
            assertArrayEquals(want.shape().dims(), y.getShape().getShape(), caseName + " shape");
            float[] got = y.toFloatArray();
            float[] exp = want.toFloatArray();
            double worst = 0;
            for (int i = 0; i < exp.length; i++) {
                worst = Math.max(worst, Math.abs(got[i] - exp[i]) / (1 + Math.abs(exp[i])));
            }
            assertTrue(worst <= tol, caseName + ": worst |Δ|/(1+|ref|) = " + worst + " > " + tol);
        }
    }

    @ParameterizedTest
    @CsvSource({"linear,7,5,true", "linear_nobias,7,5,false"})
    void linear(String name, int in, int out, boolean bias) {
        check(name, (w, x) -> new Linear(name, w, in, out, bias).forward(RunContext.OFF, x), 1e-6);
    }

    /**
     * Large enough for Linear's oneDNN route: 128-term float32 sums, summed in another order than the reference's.
     * Worst |Δ|/(1+|ref|) measured: 1.6e-6 (bias) and 2.1e-6 (no bias), the same on the F.linear path
     * ({@code -Dparity.gemm=blas}).
     */
    @ParameterizedTest
    @CsvSource({"linear_wide,true", "linear_wide_nobias,false"})
    void wideLinear(String name, boolean bias) {
        check(name, (w, x) -> new Linear(name, w, 128, 96, bias).forward(RunContext.OFF, x), 3e-6);
    }

    /**
     * Both routes of a large product against the PyTorch fixture, whichever {@link GemmRoute} picks on this machine:
     * oneDNN's 1×1 convolution and {@code F.linear}. Where oneDNN's route cannot run (no cache sizes reported), it
     * must never be taken.
     */
    @ParameterizedTest
    @CsvSource({"linear_wide,true", "linear_wide_nobias,false"})
    void wideLinearOnBothRoutes(String name, boolean bias) {
        if (!GemmRoute.oneDnnSafe()) {
            assertFalse(GemmRoute.decide().oneDnn(), GemmRoute.decide().describe());
        } else {
            check(name, (w, x) -> {
                Linear l = new Linear(name, w, 128, 96, bias);
                return Linear.viaOneDnn(x, l.weight.reshape(96, 128, 1, 1), l.bias);
            }, 3e-6);
        }
        check(name, (w, x) -> {
            Linear l = new Linear(name, w, 128, 96, bias);
            return ai.djl.nn.core.Linear.linear(x, l.weight, l.bias).singletonOrThrow();
        }, 3e-6);
    }

    /**
     * The machine's OpenBLAS route against the same fixture where OpenBLAS is installed (CI installs it with
     * Debian's torch); elsewhere the route must say why it is not there.
     */
    @ParameterizedTest
    @CsvSource({"linear_wide,true", "linear_wide_nobias,false"})
    void wideLinearOnOpenBlas(String name, boolean bias) {
        if (OpenBlas.get().isEmpty()) {
            assertFalse(GemmRoute.oneThread().openBlas(), GemmRoute.oneThread().describe());
            assertTrue(OpenBlas.describe().contains("OpenBLAS"), OpenBlas.describe());
            return;
        }
        assertTrue(OpenBlas.describe().startsWith("OpenBLAS "), OpenBlas.describe());
        check(name, (w, x) -> {
            Linear l = new Linear(name, w, 128, 96, bias);
            return OpenBlas.get().orElseThrow().linear(x, l.weight, l.bias);
        }, 3e-6);
        check(name, (w, x) -> { // a non-contiguous input (a transposed view) is read as its values, not its memory
            Linear l = new Linear(name, w, 128, 96, bias);
            NDArray xt = x.transpose(1, 0, 2).duplicate().transpose(1, 0, 2); // same values, other strides
            return OpenBlas.get().orElseThrow().linear(xt, l.weight, l.bias);
        }, 3e-6);
    }

    /**
     * The two CFG halves call OpenBLAS at the same time, one per thread: both threads get the fixture's answer on
     * every call (where OpenBLAS is installed).
     */
    @Test
    void openBlasOnTwoThreadsAtOnce() {
        if (OpenBlas.get().isEmpty()) {
            assertTrue(OpenBlas.describe().contains("OpenBLAS"), OpenBlas.describe());
            return;
        }
        java.util.List<java.util.concurrent.Callable<Integer>> tasks = new java.util.ArrayList<>();
        for (String name : new String[] {"linear_wide", "linear_wide_nobias"}) {
            tasks.add(() -> {
                for (int i = 0; i < 200; i++) {
                    check(name, (w, x) -> {
                        Linear l = new Linear(name, w, 128, 96, name.equals("linear_wide"));
                        return OpenBlas.get().orElseThrow().linear(x, l.weight, l.bias);
                    }, 3e-6);
                }
                return 200;
            });
        }
        assertEquals(java.util.List.of(200, 200), Torch.sideBySide(tasks));
    }

    /** One input through two layers, as q, k and v projections take it: the input is left as it was. */
    @Test
    void wideLinearLeavesItsInputAlone() {
        try (NDManager m = manager.newSubManager()) {
            Weights w = NnFixtures.weights(m, "linear_wide");
            NDArray x = NnFixtures.input(m, "linear_wide"); // (2, 100, 128)
            Linear l = new Linear("linear_wide", w, 128, 96, true);
            NDArray first = l.forward(RunContext.OFF, x);
            NDArray second = l.forward(RunContext.OFF, x);
            assertArrayEquals(new long[] {2, 100, 128}, x.getShape().getShape());
            assertArrayEquals(new long[] {2, 100, 96}, second.getShape().getShape());
            assertArrayEquals(first.toFloatArray(), second.toFloatArray());
        }
    }

    @Test
    void conv1d() {
        check("conv1d_a", (w, x) -> new Conv1d("conv1d_a", w, ConvSpec.of(4, 6, 3).padding(1))
                .forward(RunContext.OFF, x), 1e-6);
        check("conv1d_b", (w, x) -> new Conv1d("conv1d_b", w,
                ConvSpec.of(6, 4, 5).stride(2).padding(3).dilation(2).groups(2)).forward(RunContext.OFF, x), 1e-6);
    }

    @Test
    void convTranspose1d() {
        check("conv_t_a", (w, x) -> new ConvTranspose1d("conv_t_a", w, ConvSpec.of(6, 4, 16).stride(8).padding(4))
                .forward(RunContext.OFF, x), 1e-6);
        check("conv_t_b", (w, x) -> new ConvTranspose1d("conv_t_b", w,
                ConvSpec.of(4, 6, 7).stride(3).padding(2).outputPadding(1).groups(2).dilation(2))
                .forward(RunContext.OFF, x), 1e-6);
        check("conv_t_c", (w, x) -> new ConvTranspose1d("conv_t_c", w, ConvSpec.of(3, 2, 3).padding(4))
                .forward(RunContext.OFF, x), 1e-6);
    }

    /**
     * Stride above 1, dilation 1, one group: computed by phases (conv_t_a and wn_conv_t too), also with an
     * output_padding; one whose output_padding reaches past the phases falls back to the zero-stuffed input.
     */
    @Test
    void convTranspose1dByPhases() {
        ConvSpec d = ConvSpec.of(5, 3, 7).stride(3).padding(1).outputPadding(2);
        assertTrue(ConvTranspose1d.byPhases(d));
        check("conv_t_d", (w, x) -> new ConvTranspose1d("conv_t_d", w, d).forward(RunContext.OFF, x), 1e-6);
        ConvSpec e = ConvSpec.of(4, 2, 4).stride(4).outputPadding(3);
        check("conv_t_e", (w, x) -> new ConvTranspose1d("conv_t_e", w, e).forward(RunContext.OFF, x), 1e-6);
    }

    @Test
    void weightNorm() {
        check("wn_conv", (w, x) -> new Conv1d("wn_conv", w, ConvSpec.of(5, 3, 3).padding(1).weightNormed())
                .forward(RunContext.OFF, x), 1e-6);
        check("wn_conv_t", (w, x) -> new ConvTranspose1d("wn_conv_t", w,
                ConvSpec.of(4, 6, 5).stride(2).padding(1).weightNormed()).forward(RunContext.OFF, x), 1e-6);
    }

    @Test
    void norms() {
        check("layernorm", (w, x) -> new LayerNorm("layernorm", w, 8, 1e-5).forward(RunContext.OFF, x), 1e-6);
        check("layernorm_tiny_eps", (w, x) -> new LayerNorm("layernorm_tiny_eps", w, 8, 1e-12)
                .forward(RunContext.OFF, x), 1e-6);
        check("groupnorm", (w, x) -> new GroupNorm("groupnorm", w, 2, 6, 1e-5).forward(RunContext.OFF, x), 1e-6);
    }

    @Test
    void embedding() {
        check("embedding", (w, x) -> new Embedding("embedding", w, 10, 4).forward(RunContext.OFF, x), 0);
    }

    @Test
    void activations() {
        check("silu", (w, x) -> new SiLU("silu").forward(RunContext.OFF, x), 1e-6);
        check("gelu", (w, x) -> new GELU("gelu", "none").forward(RunContext.OFF, x), 1e-6);
        check("gelu_tanh", (w, x) -> new GELU("gelu_tanh", "tanh").forward(RunContext.OFF, x), 1e-6);
        check("mish", (w, x) -> new Mish("mish").forward(RunContext.OFF, x), 1e-6);
        check("elu", (w, x) -> new ELU("elu", 1.0).forward(RunContext.OFF, x), 1e-6);
        check("leaky_relu", (w, x) -> new LeakyReLU("leaky_relu", 0.1).forward(RunContext.OFF, x), 0);
        check("snake", (w, x) -> new Snake("snake", w, 4).forward(RunContext.OFF, x), 1e-6);
    }

    @Test
    void pads() {
        check("pad_reflect", (w, x) -> Pad.reflect(x, 3, 2), 0);
        check("pad_replicate", (w, x) -> Pad.replicate(x, 2, 3), 0);
        check("pad_constant", (w, x) -> Pad.constant(x, 1, 4, 0.5f), 0);
    }
}
