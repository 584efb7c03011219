/**
 * The module base ({@link dev.parity.port.nn.Module}), the run context every module call is passed (the trace sink
 * it reports to, the faults and stage feeds of the run), and the layers DJL lacks or gets wrong, each tested
 * against values PyTorch computed.
 */
package dev.parity.port.nn;
