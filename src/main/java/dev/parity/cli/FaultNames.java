package dev.parity.cli;

import dev.parity.port.nn.Fault;
import java.util.Arrays;
import java.util.Iterator;

/** The fault catalog's names, for picocli's {@code ${COMPLETION-CANDIDATES}} in option descriptions. */
final class FaultNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(Fault.values()).map(Fault::id).iterator();
    }
}
