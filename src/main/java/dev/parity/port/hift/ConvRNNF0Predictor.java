package dev.parity.port.hift;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.ELU;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream {@code ConvRNNF0Predictor} ({@code mel2wav.f0_predictor}; no RNN despite the name): condnet =
 * 5 × [weight-normed Conv1d(k 3, pad 1) → ELU] at positions 0..9, then {@code classifier} Linear over channels,
 * squeeze, abs → f0 in Hz per mel frame.
 */
public final class ConvRNNF0Predictor extends Module {
    private static final int LAYERS = 5;
    final List<Module> condnet = new ArrayList<>(); // Conv1d at even positions, ELU at odd ones
    final Linear classifier;
    final int num_class;

    public ConvRNNF0Predictor(String path, Weights w, int num_class, int in_channels, int cond_channels) {
        super(path);
        this.num_class = num_class;
        for (int i = 0; i < LAYERS; i++) {
            int in = i == 0 ? in_channels : cond_channels;
            ConvSpec spec = ConvSpec.of(in, cond_channels, 3).padding(1).weightNormed();
            condnet.add(new Conv1d(child("condnet." + 2 * i), w, spec));
            condnet.add(new ELU(child("condnet." + (2 * i + 1)), 1.0));
        }
        this.classifier = new Linear(child("classifier"), w, cond_channels, num_class);
    }

    /** x (B, in_channels, T) → f0 (B, T) for num_class 1, else (B, T, num_class). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (B, in_channels, T)
        for (Module m : condnet) {
            x = m instanceof Conv1d conv ? conv.forward(ctx, x) : ((ELU) m).forward(ctx, x); // (B, cond, T)
        }
        NDArray y = classifier.forward(ctx, x.transpose(0, 2, 1)); // (B, T, num_class)
        if (num_class == 1) {
            y = y.squeeze(-1); // (B, T)
        }
        return c.out(y.abs());
    }
}
