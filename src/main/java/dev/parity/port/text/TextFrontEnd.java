package dev.parity.port.text;

import java.nio.file.Path;

/**
 * Text to T3 text ids as {@code ChatterboxTTS.generate} does before {@code T3.inference}: {@link PuncNorm}, then
 * {@link EnTokenizer#encode} (the raw ids, int32 (1, n) upstream; the start/stop tokens and the CFG row are added by
 * the caller, see the T3 port).
 */
public final class TextFrontEnd implements AutoCloseable {
    private final EnTokenizer tokenizer;

    private TextFrontEnd(EnTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Loads the released {@code tokenizer.json} (see {@link EnTokenizer#load}). */
    public static TextFrontEnd load(Path tokenizerJson) {
        return new TextFrontEnd(EnTokenizer.load(tokenizerJson));
    }

    /** The normalised text and its ids. */
    public record Tokens(String normalized, int[] ids) {
    }

    public Tokens tokenize(String text) {
        String norm = PuncNorm.apply(text);
        return new Tokens(norm, tokenizer.encode(norm));
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
