package dev.parity.port.nn;

import java.util.List;

/** A checkpoint that does not fit the model: names every missing and mis-shaped key and the unused ones. */
public final class WeightLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> missing;
    private final List<String> misShaped;
    private final List<String> unused;
    private final transient PrefixRule suggestion;

    public WeightLoadException(String message, List<String> missing, List<String> misShaped, List<String> unused,
            PrefixRule suggestion) {
        super(message);
        this.missing = List.copyOf(missing);
        this.misShaped = List.copyOf(misShaped);
        this.unused = List.copyOf(unused);
        this.suggestion = suggestion;
    }

    /** Missing keys, each with the shape the model expected. */
    public List<String> missing() {
        return missing;
    }

    /** Mis-shaped keys as {@code key: expected [..], found [..]}. */
    public List<String> misShaped() {
        return misShaped;
    }

    public List<String> unused() {
        return unused;
    }

    /** The prefix rename that would fix missing keys, or null. */
    public PrefixRule suggestion() {
        return suggestion;
    }
}
