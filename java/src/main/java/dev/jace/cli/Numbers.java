package dev.jace.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.function.DoublePredicate;

/**
 * picocli converters for numeric flags with a range: a value out of range is bad usage naming the flag (exit code 2),
 * reported when the flags are parsed, before any folder is made or data loaded.
 */
final class Numbers {

    private Numbers() {
    }

    /** A count: an integer of at least 1. */
    static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = parseInt(value);
            if (n < 1) {
                throw new TypeConversionException("must be at least 1, got " + n);
            }
            return n;
        }
    }

    /** A finite number above 0. */
    static final class Positive implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return finite(value, x -> x > 0, "above 0");
        }
    }

    /** A number above 0 that float32 holds as one (the device computes with {@code (float) x}): not 0, not infinite. */
    static final class PositiveFloat implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return finite(value, x -> x > 0 && (float) x > 0 && Float.isFinite((float) x),
                    "above 0 within float32's range (1.4e-45 to 3.4e38; the updates compute in float32)");
        }
    }

    /** A finite number of at least 0. */
    static final class NonNegative implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return finite(value, x -> x >= 0, "of at least 0");
        }
    }

    private static double finite(String value, DoublePredicate inRange, String range) {
        double x = parseDouble(value);
        if (!inRange.test(x) || Double.isInfinite(x)) {
            throw new TypeConversionException("must be a finite number " + range + ", got " + value);
        }
        return x;
    }

    static int parseInt(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is " + (value.trim().matches("[+-]?\\d+")
                    ? "beyond the integers this takes, " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                    : "not an integer"));
        }
    }

    private static double parseDouble(String value) {
        try {
            // + 0.0 makes -0 0: a run's config records it, and a resume giving 0 would differ from "-0.0".
            return Double.parseDouble(value.trim()) + 0.0;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
    }
}
