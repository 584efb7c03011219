package dev.parity.io;

import java.util.Objects;

/**
 * The identity of a trace entry: module path, call index, kind and argument ({@code null} = the first
 * tensor argument or output). Two entries of one manifest never share an identity.
 */
public record EntryId(String name, int call, EntryKind kind, String arg) {
    public EntryId {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /** The same identity under another module path. */
    public EntryId withName(String newName) {
        return new EntryId(newName, call, kind, arg);
    }

    /** {@code flow.encoder call 0 out} or {@code ... in mask}. */
    @Override
    public String toString() {
        return name + " call " + call + " " + kind.label() + (arg == null ? "" : " " + arg);
    }
}
