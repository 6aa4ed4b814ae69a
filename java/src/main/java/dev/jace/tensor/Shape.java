package dev.jace.tensor;

import java.util.Arrays;

/**
 * Dimensions of a row-major, contiguous float32 tensor. Every dimension is positive.
 */
public record Shape(int... dims) {

    /** The most elements a tensor holds: its size is an int. */
    public static final int MAX_SIZE = Integer.MAX_VALUE;

    public Shape {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("shape needs at least one dimension");
        }
        dims = dims.clone();
        long size = 1;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has a non-positive dimension");
            }
            size *= d;
            if (size > MAX_SIZE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than 2^31-1 elements");
            }
        }
    }

    public static Shape of(int... dims) {
        return new Shape(dims);
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    /** Dimension {@code i}; negative {@code i} counts from the end like numpy. */
    public int dim(int i) {
        return dims[i < 0 ? dims.length + i : i];
    }

    /** Number of elements. */
    public int size() {
        int size = 1;
        for (int d : dims) {
            size *= d;
        }
        return size;
    }

    /** The coordinates, one per dimension, of the element at {@code flatIndex} in row-major order. */
    public int[] coordinates(int flatIndex) {
        if (flatIndex < 0 || flatIndex >= size()) {
            throw new IndexOutOfBoundsException("index " + flatIndex + " outside " + this + " (" + size()
                    + " elements)");
        }
        int[] at = new int[dims.length];
        int rest = flatIndex;
        for (int i = dims.length - 1; i >= 0; i--) {
            at[i] = rest % dims[i];
            rest /= dims[i];
        }
        return at;
    }

    /** Product of the dimensions from {@code from} (inclusive) to the end. */
    public int sizeFrom(int from) {
        int size = 1;
        for (int i = from; i < dims.length; i++) {
            size *= dims[i];
        }
        return size;
    }

    /** {@code [n, ...this]}: a batch of {@code n} samples of this shape. */
    public Shape batchOf(int n) {
        int[] d = new int[dims.length + 1];
        d[0] = n;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return new Shape(d);
    }

    /** Same dimensions with dimension 0 replaced. */
    public Shape withDim0(int first) {
        int[] d = dims.clone();
        d[0] = first;
        return new Shape(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
