/** The weight inspector: checkpoint statistics, checkpoint-to-checkpoint diff, layout detection, load audit. */
package dev.parity.weights;
