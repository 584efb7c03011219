package dev.parity.port.run;

import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.FormatException;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.StageFeed;
import dev.parity.tensor.Tensor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A stage boundary of a pipeline: a module whose first output (call 0) a run can take from the reference instead of
 * computing it, so everything after it runs on reference values ({@code parity run --feed NAME}, the stage swaps of
 * a diagnosis). The one list of them: {@link #S3GEN} and {@link #T3}, upstream first.
 *
 * @param name the short name ({@code mu}), as {@code --feed} takes it
 * @param label what the boundary carries ({@code decoder input (mu)}), as reports show it
 * @param module the upstream path of the module whose output is fed, or null for {@link #NONE}
 */
public record StageBoundary(String name, String label, String module) {
    /** No boundary: a run with nothing fed (the first row of the stage swaps). */
    public static final StageBoundary NONE = new StageBoundary("none", "none", null);

    /** The S3Gen boundaries: encoder output, decoder input, decoder output (mel), f0, source signal. */
    public static final List<StageBoundary> S3GEN = List.of(
            new StageBoundary("encoder", "encoder output", "flow.encoder"),
            new StageBoundary("mu", "decoder input (mu)", "flow.encoder_proj"),
            new StageBoundary("mel", "decoder output (mel)", "flow.decoder"),
            new StageBoundary("f0", "f0", "mel2wav.f0_predictor"),
            new StageBoundary("source", "source", "mel2wav.m_source"));

    /** The T3 boundaries: the conditioning encoder's output, then the whole prefill input. */
    public static final List<StageBoundary> T3 = List.of(
            new StageBoundary("conditioning", "conditioning", "cond_enc"),
            new StageBoundary("embeds", "input embeddings", "t3.prepare_input_embeds()"));

    /**
     * The boundary called {@code name}.
     *
     * @throws IllegalArgumentException naming the known boundaries when there is none of that name
     */
    public static StageBoundary named(String name) {
        return Stream.concat(S3GEN.stream(), T3.stream()).filter(b -> b.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown stage boundary '" + name + "' ("
                        + names(S3GEN) + "; T3: " + names(T3) + ")"));
    }

    private static String names(List<StageBoundary> bs) {
        return bs.stream().map(StageBoundary::name).collect(Collectors.joining(", "));
    }

    /** The fed output's identity: {@code (module, 0, out, -)}. */
    public EntryId output() {
        return new EntryId(module, 0, EntryKind.OUT, null);
    }

    /**
     * A feed of the reference's outputs at {@code boundaries} ({@link #NONE} feeds nothing).
     *
     * @throws FormatException naming the reference's manifest when it did not record a boundary's output
     */
    public static StageFeed feed(Trace ref, Collection<StageBoundary> boundaries) {
        Map<EntryId, Tensor> outs = new LinkedHashMap<>();
        for (StageBoundary b : boundaries) {
            if (b.module == null) {
                continue;
            }
            TraceEntry e = ref.get(b.output());
            if (e == null) {
                throw new FormatException(ref.dir().resolve(TraceReader.MANIFEST), "no entry " + b.output()
                        + " (the '" + b.name + "' stage boundary: " + b.label + ")");
            }
            outs.put(b.output(), ref.tensor(e));
        }
        return new StageFeed(outs);
    }
}
