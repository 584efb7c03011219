/**
 * File formats: {@code .npy}/{@code .npz}, safetensors, WAV and parity trace manifests. Readers validate
 * everything they are given and report the file and the problem in a {@link dev.parity.io.FormatException};
 * no comparison policy lives here. Also the file plumbing every layer above shares: atomic writes
 * ({@link dev.parity.io.AtomicFiles}), deleting a tree ({@link dev.parity.io.FileTrees}), the project directory
 * ({@link dev.parity.io.ProjectHome}) and the versions of the build ({@link dev.parity.io.BuildInfo}).
 */
package dev.parity.io;
