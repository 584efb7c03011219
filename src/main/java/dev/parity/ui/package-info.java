/** The JavaFX desktop workbench: one View and ViewModel per feature; the only package importing JavaFX. */
package dev.parity.ui;
