package dev.parity.compare;

import dev.parity.io.EntryId;

/** A likely pairing of an unmatched candidate entry with an unmatched reference entry (same shape and kind). */
public record Suggestion(EntryId candidate, EntryId reference, String reason) {
}
