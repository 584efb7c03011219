/**
 * The weight inspector: checkpoint statistics ({@link dev.parity.weights.WeightStatistics}), checkpoint-to-checkpoint
 * diff with layout detection and inferred prefix rules ({@link dev.parity.weights.CheckpointDiff}), untrained-tensor
 * detection ({@link dev.parity.weights.InitializerCheck}) and the load audit of a pipeline's parameters
 * ({@link dev.parity.weights.LoadAudit}); also where weight norm's stored key names are written
 * ({@link dev.parity.weights.WeightNorm}). Imports {@code tensor}, {@code io} and {@code compare} (its name-mapping
 * rules) of ours.
 */
package dev.parity.weights;
