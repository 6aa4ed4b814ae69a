package dev.jace.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

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
            double x = parseDouble(value);
            if (!(x > 0) || x == Double.POSITIVE_INFINITY) {
                throw new TypeConversionException("must be a finite number above 0, got " + value);
            }
            return x;
        }
    }

    /** A finite number of at least 0. */
    static final class NonNegative implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double x = parseDouble(value);
            if (!(x >= 0) || x == Double.POSITIVE_INFINITY) {
                throw new TypeConversionException("must be a finite number of at least 0, got " + value);
            }
            return x;
        }
    }

    static int parseInt(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not an integer");
        }
    }

    private static double parseDouble(String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
    }
}
