package dev.parity.weights;

import java.util.Arrays;

/**
 * A way a port can store a reference tensor: {@code candidate = reference.permute(perm)}.
 *
 * @param name what the candidate is, e.g. {@code MLX layout [out,k,in]}
 */
public record Layout(String name, int[] perm) {
    /** The reference's own layout. */
    public static final String REFERENCE = "PyTorch layout";

    public Layout {
        perm = perm.clone();
    }

    @Override
    public int[] perm() {
        return perm.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && l.name.equals(name) && Arrays.equals(l.perm, perm);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(perm);
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(perm);
    }
}
