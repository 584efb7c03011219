package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * {@code torch.nn.BatchNorm1d / BatchNorm2d} in <b>eval mode</b>: y = (x − running_mean)/√(running_var + eps)·weight
 * + bias over channel axis 1, eps 1e-5; {@code affine=False} has no weight/bias. {@code num_batches_tracked} is not
 * read (training bookkeeping).
 */
public final class BatchNorm extends Module {
    public static final double EPS = 1e-5;
    public final int num_features;
    private final String type;
    final NDArray weight; // (C) or null
    final NDArray bias; // (C) or null
    final NDArray running_mean; // (C)
    final NDArray running_var; // (C)

    /** @param dims 1 for BatchNorm1d, 2 for BatchNorm2d (the recorded module type) */
    public BatchNorm(String path, Weights w, int numFeatures, boolean affine, int dims) {
        super(path);
        this.num_features = numFeatures;
        this.type = "BatchNorm" + dims + "d";
        this.weight = affine ? w.take(child("weight"), numFeatures) : null;
        this.bias = affine ? w.take(child("bias"), numFeatures) : null;
        this.running_mean = w.take(child("running_mean"), numFeatures);
        this.running_var = w.take(child("running_var"), numFeatures);
    }

    @Override
    public String moduleType() {
        return type;
    }

    /** x (B, C, ...) → same shape. */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        return c.out(apply(ctx, x));
    }

    public NDArray apply(RunContext ctx, NDArray x) {
        int rank = x.getShape().dimension();
        long[] bshape = new long[rank];
        java.util.Arrays.fill(bshape, 1);
        bshape[1] = num_features;
        Shape b = new Shape(bshape); // (1, C, 1, ..)
        NDArray mean;
        NDArray var;
        if (faulty(ctx, Fault.BATCHNORM_TRAINING)) {
            NDArray perChannel = x.swapAxes(0, 1).reshape(num_features, -1); // (C, B·…)
            mean = perChannel.mean(new int[] {1}).reshape(b); // (1, C, 1, ..) batch statistics
            var = x.sub(mean).swapAxes(0, 1).reshape(num_features, -1).square().mean(new int[] {1}).reshape(b);
        } else {
            mean = running_mean.reshape(b);
            var = running_var.reshape(b);
        }
        NDArray y = x.sub(mean).div(var.add(EPS).sqrt());
        return weight == null ? y : y.mul(weight.reshape(b)).add(bias.reshape(b));
    }
}
