package dev.parity.weights;

/**
 * How {@link LayerTypes} classified one checkpoint key.
 *
 * @param module the module path ({@code mel2wav.ups.0} for {@code mel2wav.ups.0.parametrizations.weight.original1})
 * @param fanIn PyTorch's fan-in of the module's weight as stored in the reference layout (what
 *              {@code torch.nn.init._calculate_fan_in_and_fan_out} returns: {@code size(1) * prod(size(2:))}),
 *              0 when the module has no weight of rank &gt;= 2
 */
public record KeyInfo(String key, String module, ParamRole role, LayerType type, long fanIn) {
}
