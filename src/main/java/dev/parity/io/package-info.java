/**
 * File formats only: {@code .npy}/{@code .npz}, safetensors and parity trace manifests. Readers validate
 * everything they are given and report the file and the problem in a {@link dev.parity.io.FormatException};
 * no comparison policy lives here.
 */
package dev.parity.io;
