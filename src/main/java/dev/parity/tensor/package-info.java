/**
 * Value types shared by every other package: {@link dev.parity.tensor.DType}, {@link dev.parity.tensor.Shape}
 * and {@link dev.parity.tensor.Tensor}, a read-only view over heap or memory-mapped bytes. Imports nothing of ours.
 */
package dev.parity.tensor;
