package dev.parity.cli;

import dev.parity.workflow.ReplayService;
import java.util.Iterator;

/** The fault catalog's names, for picocli's {@code ${COMPLETION-CANDIDATES}} in option descriptions. */
final class FaultNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return ReplayService.faultNames().iterator();
    }
}
