package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.DType;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One module call of an earlier float32 run of the same model on the same inputs, draws and faults, replayed
 * instead of computed again (a {@link StageFeed} carries it): the call records its inputs as usual, then the
 * entries recorded inside it are recorded as that run recorded them, the random draws made inside it are counted
 * as made, and its output is that run's (which a feed of that very output then replaces, as for a computed one).
 * A stage swap computes exactly the unfed run until the fed output, so every call that ended before it there, and
 * the fed call's own inside, can be replayed from the unfed run.
 *
 * @param output the call's (first) output identity
 * @param entries the entries recorded inside the call, in order
 * @param values their tensors
 * @param result the call's output
 * @param draws the random draws made inside the call
 */
public record CallReplay(EntryId output, List<TraceEntry> entries, List<Tensor> values, Tensor result, int draws) {
    public CallReplay {
        entries = List.copyOf(entries);
        values = List.copyOf(values);
    }

    /**
     * The call of {@code run} whose first output is {@code output}, or null when the trace does not show it whole:
     * its output recorded in float32 with at least one input recorded before it, and the first draw after it
     * numbered by the draws recorded until then (so none of them went unrecorded).
     */
    public static CallReplay of(Trace run, EntryId output) {
        TraceEntry out = run.get(output);
        if (out == null || output.arg() != null || output.kind() != EntryKind.OUT || out.dtype() != DType.FLOAT32) {
            return null;
        }
        List<TraceEntry> all = run.entries();
        int lastIn = -1;
        for (int i = out.index() - 1; i >= 0 && lastIn < 0; i--) {
            TraceEntry e = all.get(i);
            if (e.kind() == EntryKind.IN && e.name().equals(output.name()) && e.call() == output.call()) {
                lastIn = i;
            }
        }
        if (lastIn < 0) {
            return null;
        }
        int drawsBefore = 0;
        int drawsInside = 0;
        TraceEntry nextDraw = null;
        for (TraceEntry e : all) {
            if (e.kind() != EntryKind.RNG) {
                continue;
            }
            if (e.index() > out.index()) {
                nextDraw = e;
                break;
            }
            drawsBefore++;
            drawsInside += e.index() > lastIn ? 1 : 0;
        }
        if (nextDraw == null || nextDraw.call() != drawsBefore) {
            return null;
        }
        List<TraceEntry> inside = all.subList(lastIn + 1, out.index());
        List<Tensor> values = new ArrayList<>(inside.size());
        for (TraceEntry e : inside) {
            values.add(run.tensor(e));
        }
        return new CallReplay(output, inside, values, run.tensor(out), drawsInside);
    }

    /** Records the inside entries into {@code sink} (which {@link TraceSink#replays}), counts the draws; the output. */
    NDArray replay(TraceSink sink, RandomDraws draws, NDManager m) {
        for (int i = 0; i < entries.size(); i++) {
            sink.replay(entries.get(i), values.get(i));
        }
        draws.skip(this.draws);
        return m.create(result.toFloatArray(), new Shape(result.shape().dims()));
    }
}
