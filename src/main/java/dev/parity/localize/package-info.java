/** Finding where an error is born: replay of single modules on reference inputs, verdicts, noise floor, faults. */
package dev.parity.localize;
