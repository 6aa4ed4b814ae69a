package dev.jace.backend;

/** Spatial padding of a stride-1 convolution. */
public enum Padding {
    /** Zero padding so the output has the input's height and width; needs an odd kernel size. */
    SAME,
    /** No padding: the output is {@code H - k + 1} by {@code W - k + 1}. */
    VALID;

    /** Output extent along one spatial axis for input extent {@code n} and kernel size {@code k}. */
    public int outputSize(int n, int k) {
        return this == SAME ? n : n - k + 1;
    }

    /** Zero rows/columns added before the first input element. */
    public int before(int k) {
        return this == SAME ? k / 2 : 0;
    }
}
