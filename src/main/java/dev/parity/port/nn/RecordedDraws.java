package dev.parity.port.nn;

import ai.djl.ndarray.NDManager;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import java.util.List;

/**
 * Replays the {@code rng} entries of a reference trace in order. Each request must match the next recorded draw
 * in function, label and shape; a mismatch is an error naming both, never a silent substitution.
 */
public final class RecordedDraws implements RandomDraws {
    private final Trace trace;
    private final List<TraceEntry> draws;
    private int next;

    private RecordedDraws(Trace trace, List<TraceEntry> draws, int next) {
        this.trace = trace;
        this.draws = draws;
        this.next = next;
    }

    /** Replays every draw of {@code trace} from the first. */
    public static RecordedDraws of(Trace trace) {
        return new RecordedDraws(trace, rngEntries(trace), 0);
    }

    /**
     * Replays from the first draw labelled {@code label} (e.g. {@code sinegen_phase_uniform} to run only the
     * vocoder of a whole-model trace).
     */
    public static RecordedDraws startingAt(Trace trace, String label) {
        List<TraceEntry> d = rngEntries(trace);
        for (int i = 0; i < d.size(); i++) {
            if (label.equals(d.get(i).arg())) {
                return new RecordedDraws(trace, d, i);
            }
        }
        throw new IllegalArgumentException(trace.dir() + ": no rng entry labelled '" + label + "'");
    }

    private static List<TraceEntry> rngEntries(Trace trace) {
        return trace.entries().stream().filter(e -> e.kind() == EntryKind.RNG).toList();
    }

    @Override
    public Draw next(NDManager manager, Request r) {
        if (next >= draws.size()) {
            throw new IllegalStateException(trace.dir() + ": draw '" + r.label() + "' requested but all "
                    + draws.size() + " recorded draws are used up");
        }
        TraceEntry e = draws.get(next++);
        long[] want = r.shape().getShape();
        if (!e.name().equals("rng." + r.function()) || !r.label().equals(e.arg())
                || !java.util.Arrays.equals(want, e.shape().dims())) {
            throw new IllegalStateException(trace.dir() + ": expected draw rng." + r.function() + " '" + r.label()
                    + "' of shape " + r.shape() + " but the next recorded draw is " + e.name() + " '" + e.arg()
                    + "' of shape " + e.shape());
        }
        return new Draw(e.id(), NDTensors.toNDArray(manager, trace.tensor(e)));
    }
}
