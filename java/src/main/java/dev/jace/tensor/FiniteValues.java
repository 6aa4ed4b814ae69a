package dev.jace.tensor;

/** Finding the NaN or infinity that input checks name before it spreads through a computation. */
public final class FiniteValues {

    private FiniteValues() {
    }

    /** The index of the first NaN or infinity in {@code values}, or -1 when all are finite. */
    public static int firstNonFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }
}
