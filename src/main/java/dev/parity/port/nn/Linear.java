package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * {@code torch.nn.Linear}: y = x·Wᵀ + b over the last axis.
 *
 * <p>Float32 products of at least {@value #ONEDNN_MIN_ELEMENTS} input elements, with in and out features
 * multiples of 16 (the channel blocking oneDNN is checked for, see ConvKernels), can be computed as a 1×1
 * convolution over the rows laid out channels-last, which libtorch hands to oneDNN ({@code brgconv_1x1}, chosen by
 * the CPU's instruction set), instead of {@code F.linear}, which goes to the oneMKL sgemm linked into DJL's
 * libtorch. Which is faster depends on the CPU, so {@link GemmRoute} measures it once per process (bench/gemm.md).
 * Products of a full-size weight (at least {@value #OPENBLAS_MIN_WEIGHT} elements) computed on one libtorch thread
 * may go to the machine's OpenBLAS instead ({@link GemmRoute#oneThread}).
 * Same sum, other summation order: float32 rounding only; {@code parity doctor} checks both routes against float64
 * (BackendCheck).
 */
public class Linear extends Module {
    /**
     * libtorch gives a batch-1 convolution to oneDNN only above this many input elements (ConvUtils.h
     * {@code use_mkldnn}); below it a product is small enough that the route does not matter.
     */
    static final long ONEDNN_MIN_ELEMENTS = 20481;
    /**
     * The OpenBLAS route is for full-size weights (256 × 256 and up); a reduced-size model's products are cheap on
     * any route, and deciding it costs a measurement of about 0.1 s (bench/gemm.md).
     */
    public static final long OPENBLAS_MIN_WEIGHT = 65536;

    final NDArray weight; // (out_features, in_features)
    final NDArray bias; // (out_features) or null
    private final Product product;
    public final int in_features;
    public final int out_features;

    public Linear(String path, Weights w, int inFeatures, int outFeatures, boolean bias) {
        super(path);
        this.in_features = inFeatures;
        this.out_features = outFeatures;
        this.weight = w.take(child("weight"), outFeatures, inFeatures);
        this.bias = bias ? w.take(child("bias"), outFeatures) : null;
        this.product = new Product(weight, this.bias);
        OpCensus.linear(inFeatures, outFeatures);
    }

    /**
     * A layer over a weight its parent already took from the checkpoint, (out_features, in_features) (rows of a
     * stack, see {@link Weights#stacked}), without a bias.
     */
    public Linear(String path, NDArray weight) {
        super(path);
        this.out_features = Math.toIntExact(weight.getShape().get(0));
        this.in_features = Math.toIntExact(weight.getShape().get(1));
        this.weight = weight;
        this.bias = null;
        this.product = new Product(weight, null);
        OpCensus.linear(in_features, out_features);
    }

    public Linear(String path, Weights w, int inFeatures, int outFeatures) {
        this(path, w, inFeatures, outFeatures, true);
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (.., in_features)
        NDArray y = apply(ctx, x); // (.., out_features)
        return c.out(y);
    }

    /** The computation without recording the call (the context's faults apply). */
    public NDArray apply(RunContext ctx, NDArray x) {
        if (faulty(ctx, Fault.WEIGHTS_AT_INIT)) {
            return initialized(x);
        }
        return product.apply(x);
    }

    /**
     * Whether this layer's calls in the run are the plain product x·Wᵀ + b (no fault injected in it), so a caller
     * may compute them together with other products ({@code Attention}'s q/k/v) and {@link #recorded} them.
     */
    public boolean plain(RunContext ctx) {
        return !faulty(ctx, Fault.WEIGHTS_AT_INIT);
    }

    /**
     * Records a call of this layer whose output {@code y} a caller computed itself from {@code x} (see
     * {@link #plain}): the call counts and is traced as if {@link #forward} had run. Returns {@code y}, or what a
     * stage swap feeds in its place.
     */
    public NDArray recorded(RunContext ctx, NDArray x, NDArray y) {
        return begin(ctx).in(x).out(y);
    }

    /**
     * x·Wᵀ (+ b) on the route {@link GemmRoute} measured for this process, for a weight (out, in) and a bias (out)
     * or null held by a layer: its (out, in, 1, 1) view for the oneDNN route is made once, with the layer. Layers
     * whose weights are stacked into one product (q/k/v) hold one for the stack.
     */
    public static final class Product {
        private final NDArray weight;
        private final NDArray weight1x1; // a view of weight, or null when the sizes are not routable
        private final NDArray bias;

        public Product(NDArray weight, NDArray bias) {
            long out = weight.getShape().get(0);
            long in = weight.getShape().get(1);
            this.weight = weight;
            this.weight1x1 = routable(in, out) ? weight.reshape(out, in, 1, 1) : null;
            this.bias = bias;
        }

        /** x (.., in) → (.., out). */
        public NDArray apply(NDArray x) {
            boolean large = x.getDataType() == DataType.FLOAT32 && x.size() >= ONEDNN_MIN_ELEMENTS;
            if (large && weight.size() >= OPENBLAS_MIN_WEIGHT && Torch.oneThreadHere()
                    && GemmRoute.oneThread().openBlas()) {
                return OpenBlas.get().orElseThrow().linear(x, weight, bias);
            }
            if (large && weight1x1 != null && GemmRoute.oneDnn()) {
                return viaOneDnn(x, weight1x1, bias);
            }
            return bias == null ? ai.djl.nn.core.Linear.linear(x, weight).singletonOrThrow()
                    : ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
        }
    }

    /** Whether products of these sizes may go through oneDNN once they are large enough. */
    static boolean routable(long in, long out) {
        return in % 16 == 0 && out % 16 == 0;
    }

    /**
     * x·Wᵀ + b as conv2d of (1, in, 1, rows) channels-last (x's own memory, no copy) with the (out, in, 1, 1)
     * weight. Dilation 2 changes nothing for a 1×1 kernel, but without it libtorch keeps a single-threaded 1×1
     * convolution on its sgemm path. {@code x} needs at least {@value #ONEDNN_MIN_ELEMENTS} elements.
     */
    static NDArray viaOneDnn(NDArray x, NDArray weight1x1, NDArray bias) {
        long out = weight1x1.getShape().get(0);
        long in = weight1x1.getShape().get(1);
        long[] shape = x.getShape().getShape().clone(); // getShape() is the Shape's own array
        long rows = x.size() / in;
        NDArray xc = x.reshape(1, 1, rows, in).transpose(0, 3, 1, 2); // (1, in, 1, rows)
        NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(xc, weight1x1, bias, new Shape(1, 1), new Shape(0, 0),
                new Shape(2, 2), 1).singletonOrThrow(); // (1, out, 1, rows), channels-last
        shape[shape.length - 1] = out;
        return y.transpose(0, 2, 3, 1).reshape(shape); // (.., out)
    }

    /** Fault injection: weights (and bias) left at a torch-style initialisation U(±1/√in), fixed seed. */
    private NDArray initialized(NDArray x) {
        long[] s = weight.getShape().getShape(); // (out, in)
        java.util.Random r = new java.util.Random(7);
        double bound = 1 / Math.sqrt(s[1]);
        float[] w = new float[Math.toIntExact(s[0] * s[1])];
        float[] b = new float[Math.toIntExact(s[0])];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        }
        NDArray wi = x.getManager().create(w, weight.getShape()); // (out, in)
        NDArray bi = x.getManager().create(b, new ai.djl.ndarray.types.Shape(s[0])); // (out)
        return ai.djl.nn.core.Linear.linear(x, wi, bias == null ? null : bi).singletonOrThrow();
    }
}
