package dev.jace.data;

/** The generated tasks keep each split in one float array, which holds at most 2^31-1 values. */
final class ArraySize {

    private ArraySize() {
    }

    /** Refuses {@code images} images of {@code size}×{@code size} that one array cannot hold, naming the flags. */
    static void requireFits(String task, long images, int size) {
        long values = images * size * size;
        if (values > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(task + ": " + images + " images of " + size + "×" + size + " are "
                    + values + " values, more than one array holds (2^31-1); use a smaller --train, --test or --size");
        }
    }
}
