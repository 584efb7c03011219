package dev.parity.port.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.parity.io.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code EnTokenizer} of upstream models/tokenizers/tokenizer.py: spaces become the {@code [SPACE]} token, then the
 * released {@code tokenizer.json} (a BPE model with a Whitespace pre-tokenizer and special added tokens) encodes the
 * text. The file is run by the Hugging Face tokenizers library itself, through DJL, whose native library ships in its
 * jar (no download). Like upstream, the vocabulary must hold {@code [START]} and {@code [STOP]}.
 */
public final class EnTokenizer implements AutoCloseable {
    public static final String SOT = "[START]";
    public static final String EOT = "[STOP]";
    public static final String UNK = "[UNK]";
    public static final String SPACE = "[SPACE]";

    private final HuggingFaceTokenizer tokenizer;

    private EnTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * Loads a {@code tokenizer.json}.
     *
     * @throws FormatException naming the file when it is missing, not a tokenizer file, or lacks [START]/[STOP]
     */
    public static EnTokenizer load(Path tokenizerJson) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new FormatException(tokenizerJson, "no such tokenizer file");
        }
        HuggingFaceTokenizer t;
        try {
            // Upstream calls tokenizer.encode(txt): special tokens per the file, no truncation, no padding.
            t = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("addSpecialTokens", "true",
                    "truncation", "false", "padding", "false"));
        } catch (IOException | RuntimeException e) {
            throw new FormatException(tokenizerJson, "not a readable tokenizer.json: " + e.getMessage(), e);
        }
        EnTokenizer en = new EnTokenizer(t);
        for (String token : new String[] {SOT, EOT}) {
            if (en.idOf(token) < 0) {
                en.close();
                throw new FormatException(tokenizerJson, "the vocabulary lacks " + token
                        + " (upstream's check_vocabset_sot_eot)");
            }
        }
        return en;
    }

    /** {@code EnTokenizer.encode}: spaces to [SPACE], then the tokenizer's ids. */
    public int[] encode(String txt) {
        Encoding e = tokenizer.encode(txt.replace(" ", SPACE));
        long[] ids = e.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** The id of one vocabulary entry, or -1 when it has none. */
    public int idOf(String token) {
        Encoding e = tokenizer.encode(new String[] {token}, false, false);
        long[] ids = e.getIds();
        String[] toks = e.getTokens();
        return ids.length == 1 && toks[0].equals(token) ? Math.toIntExact(ids[0]) : -1;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
