/**
 * The module base ({@link dev.parity.port.nn.Module}), the trace sink every module reports to, and the layers
 * DJL lacks or gets wrong, each tested against values PyTorch computed.
 */
package dev.parity.port.nn;
