/**
 * The composition root: starts the command line or the desktop app and wires one into the other ({@code parity gui}).
 * The only package that imports both {@code cli} and {@code ui}.
 */
package dev.parity.app;
