/**
 * The Java pipeline on DJL's PyTorch engine: {@code nn} (module base, trace sink, layers), {@code s3gen}
 * (flow encoder and flow-matching decoder), {@code hift} (vocoder) and {@code run} (whole runs against a
 * reference dump). Modules mirror the upstream PyTorch tree and know their dotted upstream paths.
 */
package dev.parity.port;
