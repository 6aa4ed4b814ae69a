package dev.jace.ops;

/** How a lifting or group convolution is computed; both give the same result up to rounding. */
public enum Algorithm {
    /** The backend's dedicated group-conv kernels, which read transformed filter taps by index. */
    DIRECT,
    /** Expand the filter bank ({@code expand*Filter}) and run the backend's plain {@code conv2d}. */
    EXPANDED
}
