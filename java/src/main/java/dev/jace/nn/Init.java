package dev.jace.nn;

import java.util.Random;

/** Weight initialisation from a caller-supplied (seeded) random source. */
final class Init {

    private Init() {
    }

    /** Kaiming-uniform for ReLU networks: U(−b, b) with {@code b = sqrt(6 / fanIn)}. */
    static float[] kaimingUniform(Random random, int n, int fanIn) {
        return uniform(random, n, (float) Math.sqrt(6.0 / fanIn));
    }

    /** U(−bound, bound). */
    static float[] uniform(Random random, int n, float bound) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (random.nextFloat() * 2f - 1f) * bound;
        }
        return values;
    }
}
