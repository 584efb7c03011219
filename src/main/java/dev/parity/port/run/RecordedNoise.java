package dev.parity.port.run;

import dev.parity.io.EntryKind;
import dev.parity.io.FormatException;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.port.nn.NoiseSource;
import java.util.Arrays;
import java.util.List;

/** The random draws a reference recorded ({@code rng} entries), handed out in draw order and checked. */
final class RecordedNoise implements NoiseSource {
    private final Trace trace;
    private final List<TraceEntry> draws;

    RecordedNoise(Trace trace) {
        this.trace = trace;
        this.draws = trace.entries().stream().filter(e -> e.kind() == EntryKind.RNG).toList();
    }

    @Override
    public float[] normal(String label, int index, long... shape) {
        return draw(label, index, shape);
    }

    @Override
    public float[] uniform(String label, int index, double low, double high, long... shape) {
        return draw(label, index, shape);
    }

    private float[] draw(String label, int index, long[] shape) {
        if (index >= draws.size()) {
            throw new FormatException(trace.dir().resolve("manifest.json"), "the run wants random draw #" + index
                    + " (" + label + ") but the reference recorded only " + draws.size());
        }
        TraceEntry e = draws.get(index);
        if (!label.equals(e.arg()) || !Arrays.equals(shape, e.shape().dims())) {
            throw new FormatException(trace.fileOf(e), "random draw #" + index + ": expected " + label + " of shape "
                    + Arrays.toString(shape) + ", the reference recorded " + e.arg() + " of shape " + e.shape());
        }
        return trace.tensor(e).toFloatArray();
    }
}
