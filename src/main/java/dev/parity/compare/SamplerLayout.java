package dev.parity.compare;

import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an autoregressive sampler's per-step tensors sit in a trace: step k's sampled token, the noise it was drawn
 * with, the probabilities it consumed and the logits they came from are the entries of call k under these names.
 * {@link #T3} is the layout of the bundled Chatterbox T3 dump (see its README).
 *
 * @param rng the draw's entry name ({@code rng} kind; args {@code exponential_q} and {@code sampled_token})
 * @param sampler the sampling call: its {@code in} are the probabilities, its {@code out} the token
 * @param logits the entry holding the step's logits before any processor (the CFG-combined scores)
 * @param logitsArg the argument of {@code logits} ({@code in})
 * @param backbone the decoder whose call k is forward pass k ({@code tfmr}); its children give the layer columns
 * @param head the output projection (call k = the logits of forward pass k)
 * @param processors the logits processors in the order they run
 */
public record SamplerLayout(String rng, String sampler, String logits, String logitsArg, String backbone,
                            String head, List<String> processors) {
    public static final String NOISE_ARG = "exponential_q";
    public static final String TOKEN_ARG = "sampled_token";

    public static final SamplerLayout T3 = new SamplerLayout("rng.multinomial", "torch.multinomial()",
            "t3.inference.repetition_penalty_processor()", "scores", "tfmr", "speech_head",
            List.of("t3.inference.repetition_penalty_processor()", "t3.inference.min_p_warper()",
                    "t3.inference.top_p_warper()"));

    private static final Pattern LAYER = Pattern.compile("^layers\\.(\\d+)(\\..*)?$");

    public SamplerLayout {
        processors = List.copyOf(processors);
    }

    public EntryId token(int step) {
        return new EntryId(rng, step, EntryKind.RNG, TOKEN_ARG);
    }

    public EntryId noise(int step) {
        return new EntryId(rng, step, EntryKind.RNG, NOISE_ARG);
    }

    /** The sampler's output token (used when the draw's own entry is absent). */
    public EntryId samplerOut(int step) {
        return new EntryId(sampler, step, EntryKind.OUT, null);
    }

    public EntryId probabilities(int step) {
        return new EntryId(sampler, step, EntryKind.IN, null);
    }

    public EntryId logits(int step) {
        return new EntryId(logits, step, EntryKind.IN, logitsArg);
    }

    /**
     * The step × layer column of an entry, or null when the entry is not part of a forward pass or sampling step:
     * the backbone's {@code (in)} / {@code (out)}, one column per decoder layer ({@code layers.N}: the outputs of
     * the layer and its parts, so that the rotary tables every layer receives do not mask its own error), the
     * backbone's other children by name (outputs), the head, the logits, each processor's output and the
     * probabilities.
     */
    public String column(EntryId id) {
        String n = id.name();
        if (n.equals(backbone)) {
            return backbone + (id.kind() == EntryKind.IN ? " (in)" : " (out)");
        }
        if (n.startsWith(backbone + ".") && id.kind() == EntryKind.OUT) {
            String rest = n.substring(backbone.length() + 1);
            Matcher m = LAYER.matcher(rest);
            return m.matches() ? "layers." + m.group(1) : rest.split("\\.")[0];
        }
        if (n.equals(head)) {
            return head;
        }
        if (id.equals(logits(id.call()))) {
            return "logits";
        }
        if (processors.contains(n) && id.kind() == EntryKind.OUT) {
            return shortName(n);
        }
        return id.equals(probabilities(id.call())) ? "probs" : null;
    }

    private static String shortName(String method) {
        String s = method.endsWith("()") ? method.substring(0, method.length() - 2) : method;
        return s.substring(s.lastIndexOf('.') + 1);
    }
}
