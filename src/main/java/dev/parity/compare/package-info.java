/**
 * The comparison engine: alignment of reference and candidate entries (with name-mapping rules), metrics in
 * float64, the tolerance policy, shape findings and the first divergence. Results are immutable records.
 */
package dev.parity.compare;
