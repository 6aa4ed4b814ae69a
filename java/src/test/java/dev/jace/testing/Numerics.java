package dev.jace.testing;

import java.util.Random;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Shared helpers for tests that compare float32 results with float64 references. */
public final class Numerics {

    private Numerics() {
    }

    /** Uniform values in [-1, 1). */
    public static float[] randomFloats(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat() * 2f - 1f;
        }
        return values;
    }

    public static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** {@code |values_i|}, as the scale of terms for {@link #assertCloseToScale}. */
    public static double[] abs(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.abs(values[i]);
        }
        return out;
    }

    /** {@link #maxRelativeError(double[], double[])} of float32 results. */
    public static double maxRelativeError(double[] expected, float[] actual) {
        return maxRelativeError(expected, toDouble(actual));
    }

    /** {@code max_i |expected_i − actual_i| / max(max_i |expected_i|, 1e-30)}. */
    public static double maxRelativeError(double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError("length " + actual.length + " != expected " + expected.length);
        }
        double scale = 1e-30;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            if (Double.isNaN(actual[i])) {
                return Double.POSITIVE_INFINITY;
            }
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        return worst / scale;
    }

    /** {@link #assertClose(String, double[], double[], double)} of float32 results. */
    public static void assertClose(String what, double[] expected, float[] actual, double tolerance) {
        assertClose(what, expected, toDouble(actual), tolerance);
    }

    /** Fails unless {@link #maxRelativeError} is at most {@code tolerance}; the message names {@code what}. */
    public static void assertClose(String what, double[] expected, double[] actual, double tolerance) {
        double error = maxRelativeError(expected, actual);
        if (!(error <= tolerance)) {
            fail(what + ": max relative error " + error + " exceeds " + tolerance);
        }
    }

    /**
     * Fails unless {@code |expected_i − actual_i| ≤ tolerance · scale_i} for every i, where {@code scale_i} bounds
     * the magnitudes of the terms that make element i (so a result that nearly cancels is held to the rounding of
     * its terms, not to its own size).
     */
    public static void assertCloseToScale(String what, double[] expected, float[] actual, double[] scale,
                                          double tolerance) {
        if (expected.length != actual.length || scale.length != expected.length) {
            throw new AssertionError(what + ": lengths " + actual.length + " (actual), " + expected.length
                    + " (expected), " + scale.length + " (scale)");
        }
        double worst = 0;
        int at = 0;
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]) / Math.max(scale[i], 1e-30);
            if (!(error <= worst)) {
                // A NaN anywhere (the result, the expectation or the scale) is an unbounded error.
                worst = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
                at = i;
            }
        }
        if (!(worst <= tolerance)) {
            fail(what + ": element " + at + " is " + actual[at] + ", expected " + expected[at] + " (term scale "
                    + scale[at] + "): error " + worst + " of the scale exceeds " + tolerance);
        }
    }

    /**
     * Fails unless every element has the bits of the expected one, +0.0 and -0.0 told apart; any NaN equals any NaN
     * (Java and the GPU make NaNs of different payloads).
     */
    public static void assertBitwise(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]),
                    what + " element " + i + ": expected " + expected[i] + ", got " + actual[i]);
        }
    }

    /**
     * Fails unless the float32 {@code analytic} gradient of {@code f}, linear in x, matches its central differences
     * (exact for a linear function) within {@code tolerance} of each element's term scale: the same derivative of
     * {@code absF}, which is f with every other operand replaced by its absolute values (Σ|terms| per element).
     */
    public static void assertLinearGradient(String what, double[] x, ToDoubleFunction<double[]> f,
                                            ToDoubleFunction<double[]> absF, float[] analytic, double tolerance) {
        assertCloseToScale(what, finiteDifference(x, f, 1e-3), analytic, finiteDifference(x, absF, 1e-3), tolerance);
    }

    /** Central finite differences of a float64 scalar function, step {@code h}. */
    public static double[] finiteDifference(double[] x, ToDoubleFunction<double[]> f, double h) {
        double[] grad = new double[x.length];
        double[] probe = x.clone();
        for (int i = 0; i < x.length; i++) {
            grad[i] = centralDifference(probe, i, f, h);
        }
        return grad;
    }

    /** {@code ∂f/∂x_i} by central differences, step {@code h}; {@code x[i]} is moved and put back. */
    public static double centralDifference(double[] x, int i, ToDoubleFunction<double[]> f, double h) {
        double at = x[i];
        x[i] = at + h;
        double up = f.applyAsDouble(x);
        x[i] = at - h;
        double down = f.applyAsDouble(x);
        x[i] = at;
        return (up - down) / (2 * h);
    }

    /**
     * Fails unless the float32 {@code analytic} gradient matches central differences (step {@code h}) of the
     * float64 function {@code f} at {@code x} within {@code tolerance} (as {@link #maxRelativeError}).
     */
    public static void assertGradient(String what, double[] x, ToDoubleFunction<double[]> f, float[] analytic,
                                      double h, double tolerance) {
        assertClose(what, finiteDifference(x, f, h), analytic, tolerance);
    }

    /** {@code Σ a_i b_i} in double. */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
