package dev.jace.cli;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Map;
import java.util.stream.DoubleStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {

    private static String tick(double value, boolean fromZero, double... data) {
        return new DecimalFormat(Charts.decimalPattern(DoubleStream.of(data), fromZero),
                DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
    }

    @Test
    void tickLabelsKeepTheLeadingZeroAndTheDigitsTheRangeNeeds() {
        assertEquals("0.05", tick(0.05, true, 0.02, 0.4));
        assertEquals("0.0005", tick(0.0005, true, 0.0021, Double.NaN));
        assertEquals("2.5", tick(2.5, false, -3.4, 1));
        assertEquals("1250", tick(1250, false, 1000, 2234.5));
        assertEquals("12.315", tick(12.315, false, 12.31, 12.35), "a narrow range far from 0");
        assertEquals("0.01", tick(0.01, false, 0.04, 0.04), "a single value");
        assertEquals("0.0123", tick(0.0123456, false, 0.04, 0.04), "a single value's ticks: a fifth of it, 4 digits");
        assertEquals("0.25", tick(0.25, true));
    }

    /** A gap in a series (NaN: an epoch the log lacks) leaves later points at their epochs, a log axis logarithmic. */
    @Test
    void aSeriesIsDrawnAtItsEpochsWithAGapWhereItIsNaN() {
        XYChart chart = Charts.lineChart("deviation", "epoch", "relative deviation",
                Map.of("rotation", new double[] {0.25, Double.NaN, 0.0625, 0.03125}), true);
        assertTrue(chart.getStyler().isYAxisLogarithmic(), "a gap is no value that a log axis cannot show");
        XYSeries series = chart.getSeriesMap().get("rotation");
        assertArrayEquals(new double[] {1, 2, 3, 4}, series.getXData(), "epoch i at x = i + 1");
        assertArrayEquals(new double[] {0.25, Double.NaN, 0.0625, 0.03125}, series.getYData());
    }
}
