package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * {@code xvector.BasicResBlock}: relu(bn1(conv1 3×3 stride (s, 1))) → bn2(conv2 3×3) + shortcut → relu; the
 * shortcut is a 1×1 Conv2d + BatchNorm2d ({@code shortcut.0}, {@code shortcut.1}) when the stride is not 1.
 */
public final class BasicResBlock extends Module {
    final Conv2d conv1;
    final BatchNorm bn1;
    final Conv2d conv2;
    final BatchNorm bn2;
    final Conv2d shortcutConv; // or null (identity)
    final BatchNorm shortcutBn;

    public BasicResBlock(String path, Weights w, int inPlanes, int planes, int stride) {
        super(path);
        conv1 = new Conv2d(child("conv1"), w, inPlanes, planes, 3, stride, 1, 1);
        bn1 = new BatchNorm(child("bn1"), w, planes, true, 2);
        conv2 = new Conv2d(child("conv2"), w, planes, planes, 3, 1, 1, 1);
        bn2 = new BatchNorm(child("bn2"), w, planes, true, 2);
        boolean project = stride != 1 || inPlanes != planes;
        shortcutConv = project ? new Conv2d(child("shortcut.0"), w, inPlanes, planes, 1, stride, 1, 0) : null;
        shortcutBn = project ? new BatchNorm(child("shortcut.1"), w, planes, true, 2) : null;
    }

    /** (B, C, H, W) → (B, planes, H / stride, W). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        NDArray out = bn1.forward(ctx, conv1.forward(ctx, x)).maximum(0f);
        out = bn2.forward(ctx, conv2.forward(ctx, out));
        NDArray shortcut = shortcutConv == null ? x : shortcutBn.forward(ctx, shortcutConv.forward(ctx, x));
        return c.out(out.add(shortcut).maximum(0f));
    }
}
