package dev.parity.port.s3gen;

import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Weights;

/** diffusers LoRACompatibleLinear without a LoRA layer: a plain Linear. */
public class LoRACompatibleLinear extends Linear {
    public LoRACompatibleLinear(String path, Weights w, int inFeatures, int outFeatures) {
        super(path, w, inFeatures, outFeatures, true);
    }
}
