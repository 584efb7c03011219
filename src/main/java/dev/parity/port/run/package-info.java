/**
 * Whole runs of the port: build S3Gen from a reference dump's config and weights, feed its inputs and recorded
 * random draws, and write the candidate trace. No DJL type appears in this package's public API, so the CLI
 * can call it.
 */
package dev.parity.port.run;
