package dev.parity.io;

import java.util.Locale;

/** What a trace entry records: a call's input, its output, a random draw, or a final result. */
public enum EntryKind {
    IN, OUT, RNG, FINAL;

    /** The manifest spelling: {@code in}, {@code out}, {@code rng}, {@code final}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a manifest spelling; null when it is none of the four. */
    public static EntryKind parse(String s) {
        for (EntryKind k : values()) {
            if (k.label().equals(s)) {
                return k;
            }
        }
        return null;
    }
}
