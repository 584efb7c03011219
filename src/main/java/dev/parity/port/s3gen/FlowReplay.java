package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.port.nn.RunContext;
import dev.parity.tensor.DType;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The flow part (tokens → mel, {@code S3Token2Wav.flow_inference}) of an earlier float32 run of the same pipeline
 * on the same inputs, draws and faults, replayed instead of computed again: a stage swap fed inside the vocoder
 * (f0, source) would compute exactly that flow first. The run records the earlier run's flow entries as they were,
 * takes its mel, and draws on from the index after the flow's draws.
 *
 * @param entries the entries recorded during {@code flow_inference}, in order
 * @param values their tensors
 * @param mel the flow's output (1, 80, 2N)
 * @param draws the random draws the flow made
 */
public record FlowReplay(List<TraceEntry> entries, List<Tensor> values, Tensor mel, int draws) {
    private static final String FLOW = "s3gen.flow_inference()";

    public FlowReplay {
        entries = List.copyOf(entries);
        values = List.copyOf(values);
    }

    /**
     * The flow part of {@code run}, or null when the trace does not show it whole: {@code flow_inference}'s input
     * and float32 output recorded, no draw before it, and the vocoder's first draw after it numbered by the
     * flow's draws (so none of them went unrecorded).
     */
    public static FlowReplay of(Trace run) {
        TraceEntry in = run.get(new EntryId(FLOW, 0, EntryKind.IN, null));
        TraceEntry out = run.get(new EntryId(FLOW, 0, EntryKind.OUT, null));
        if (in == null || out == null || out.index() < in.index() || out.dtype() != DType.FLOAT32) {
            return null;
        }
        List<TraceEntry> all = run.entries();
        int draws = 0;
        TraceEntry nextDraw = null;
        for (TraceEntry e : all) {
            if (e.kind() != EntryKind.RNG) {
                continue;
            }
            if (e.index() < in.index()) {
                return null;
            }
            if (e.index() > out.index()) {
                nextDraw = e;
                break;
            }
            draws++;
        }
        if (nextDraw == null || nextDraw.call() != draws) {
            return null;
        }
        List<TraceEntry> entries = all.subList(in.index(), out.index() + 1);
        List<Tensor> values = new ArrayList<>(entries.size());
        for (TraceEntry e : entries) {
            values.add(run.tensor(e));
        }
        return new FlowReplay(entries, values, run.tensor(out), draws);
    }

    /** Records the flow's entries into the run's sink (which {@code replays()}) and returns its mel on {@code m}. */
    NDArray replay(RunContext ctx, NDManager m) {
        for (int i = 0; i < entries.size(); i++) {
            ctx.sink().replay(entries.get(i), values.get(i));
        }
        return m.create(mel.toFloatArray(), new Shape(mel.shape().dims()));
    }
}
