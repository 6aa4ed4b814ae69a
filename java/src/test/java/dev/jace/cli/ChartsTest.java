package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.stream.DoubleStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChartsTest {

    private static String tick(double value, double... data) {
        return new DecimalFormat(Charts.decimalPattern(DoubleStream.of(data)), DecimalFormatSymbols.getInstance(
                Locale.ROOT)).format(value);
    }

    @Test
    void tickLabelsKeepTheLeadingZeroAndTheDigitsTheRangeNeeds() {
        assertEquals("0.05", tick(0.05, 0.02, 0.4));
        assertEquals("0.0005", tick(0.0005, 0.0021, Double.NaN));
        assertEquals("2.5", tick(2.5, -3.4, 1));
        assertEquals("1250", tick(1250, 1234.5));
        assertEquals("0.25", tick(0.25, 0, 0));
    }
}
