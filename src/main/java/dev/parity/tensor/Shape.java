package dev.parity.tensor;

import java.util.Arrays;
import java.util.List;

/** An immutable tensor shape; a zero-size dimension is allowed. */
public final class Shape {
    private final long[] dims;

    public Shape(long... dims) {
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
            }
        }
        this.dims = dims.clone();
    }

    public static Shape of(List<? extends Number> dims) {
        return new Shape(dims.stream().mapToLong(Number::longValue).toArray());
    }

    public static Shape ofInts(int... dims) {
        return new Shape(Arrays.stream(dims).asLongStream().toArray());
    }

    public int rank() {
        return dims.length;
    }

    public long dim(int axis) {
        return dims[axis];
    }

    public long[] dims() {
        return dims.clone();
    }

    /** Number of elements; throws {@link ArithmeticException} on overflow. */
    public long numel() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The shape with its axes reordered: {@code result[i] = dims[perm[i]]}. */
    public Shape permute(int... perm) {
        long[] r = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            r[i] = dims[perm[i]];
        }
        return new Shape(r);
    }

    /** This shape with one more axis of size {@code d} at the end. */
    public Shape append(long d) {
        long[] r = Arrays.copyOf(dims, dims.length + 1);
        r[dims.length] = d;
        return new Shape(r);
    }

    /** This shape without its last axis. */
    public Shape dropLast() {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a scalar shape has no last axis");
        }
        return new Shape(Arrays.copyOf(dims, dims.length - 1));
    }

    /** The shape without its size-1 dimensions. */
    public Shape squeeze() {
        return new Shape(Arrays.stream(dims).filter(d -> d != 1).toArray());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [1, 80, 24]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
