/** The {@code parity} command line: picocli commands that are thin shells over the packages below. */
package dev.parity.cli;
