package dev.jace.data;

import static dev.jace.tensor.FiniteValues.finiteAtLeastZero;

/**
 * The synthetic "teacher" regression task (see {@link Teacher}): {@code size × size} inputs, split sizes, the
 * symmetry-breaking strengths {@code alphaRot} (breaks rotations, keeps the mirror m) and {@code alphaRef} (breaks
 * reflections, keeps rotations), the standard deviation of Gaussian noise added to the targets, and the seed.
 */
public record TeacherConfig(int size, int trainCount, int testCount, double alphaRot, double alphaRef, double noise,
                            long seed) implements TaskConfig {

    public static final String NAME = "teacher";

    public TeacherConfig {
        if (size < 5) {
            throw new IllegalArgumentException("teacher: size (--size) must be at least 5 (the filters are 5×5), got "
                    + size);
        }
        if (size > Teacher.LARGEST_SIZE) {
            throw new IllegalArgumentException("teacher: size (--size) must be at most " + Teacher.LARGEST_SIZE
                    + ": the target map calibrates on " + Teacher.CALIBRATION + " images at once, whose hidden layer ["
                    + Teacher.CALIBRATION + ", " + TeacherMap.HIDDEN + ", 8, S, S] must hold at most 2^31-1 values;"
                    + " got " + size);
        }
        if (trainCount <= 0 || testCount <= 0) {
            throw new IllegalArgumentException("teacher: train and test counts must be positive, got "
                    + trainCount + " and " + testCount);
        }
        // Teacher.generate also makes 64 calibration images of the same size.
        ArraySize.requireFits(NAME, Math.max(Math.max(trainCount, testCount), Teacher.CALIBRATION), size);
        if (!finiteAtLeastZero(alphaRot) || !finiteAtLeastZero(alphaRef) || !finiteAtLeastZero(noise)) {
            throw new IllegalArgumentException("teacher: alphaRot, alphaRef and noise must be finite and >= 0, got "
                    + alphaRot + ", " + alphaRef + ", " + noise);
        }
    }

    /** 12×12, 256 train / 128 test, α_rot = 0.5, α_ref = 0.25, no noise, seed 1: sized for a 2-core CPU compare. */
    public static TeacherConfig defaults() {
        return new TeacherConfig(12, 256, 128, 0.5, 0.25, 0.0, 1);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TeacherConfig withSeed(long seed) {
        return new TeacherConfig(size, trainCount, testCount, alphaRot, alphaRef, noise, seed);
    }

    public TeacherConfig withAlphas(double alphaRot, double alphaRef) {
        return new TeacherConfig(size, trainCount, testCount, alphaRot, alphaRef, noise, seed);
    }

    public TeacherConfig withCounts(int trainCount, int testCount) {
        return new TeacherConfig(size, trainCount, testCount, alphaRot, alphaRef, noise, seed);
    }

    @Override
    public Dataset load() {
        return Teacher.generate(this).dataset();
    }

    @Override
    public Split loadTest() {
        return Teacher.generateTest(this);
    }
}
