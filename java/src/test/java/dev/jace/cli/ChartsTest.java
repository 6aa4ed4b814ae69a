package dev.jace.cli;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Axis;
import org.knowm.xchart.internal.chartpart.AxisTickCalculator;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.lang.reflect.Method;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

    @Test
    void anAxisOfValuesBelow1eMinus4OrFrom1e6IsInThePowerOfTenOfItsLargest() {
        assertEquals(-14, Charts.scaleExponent(DoubleStream.of(1.4e-14, 1.8e-14)));
        assertEquals(33, Charts.scaleExponent(DoubleStream.of(5.7e33, 1e33, Double.NaN)));
        assertEquals(7, Charts.scaleExponent(DoubleStream.of(-2e7, 1)), "by magnitude");
        assertEquals(-5, Charts.scaleExponent(DoubleStream.of(9.9e-5, 0)));
        assertEquals(6, Charts.scaleExponent(DoubleStream.of(1e6)));
        for (double[] plain : new double[][] {{1e-4}, {999_999}, {0.02, 0.4}, {-3.4, 1}, {0}, {}, {Double.NaN}}) {
            assertEquals(0, Charts.scaleExponent(DoubleStream.of(plain)), java.util.Arrays.toString(plain));
        }
        assertEquals("relative deviation (×1E-14)", Charts.inPowerOfTen("relative deviation", -14));
        assertEquals("mse", Charts.inPowerOfTen("mse", 0));
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

    /** The chart's x or y axis ({@code getter} "getXAxis" or "getYAxis"), laid out as XChart draws it. */
    private static Axis<?, ?> laidOutAxis(Chart<?, ?> chart, String getter)
            throws IOException, ReflectiveOperationException {
        BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        Method axis = Chart.class.getDeclaredMethod(getter);
        axis.setAccessible(true);
        return (Axis<?, ?>) axis.invoke(chart);
    }

    /** The y axis's tick labels as XChart draws them. */
    private static List<String> yTickLabels(Chart<?, ?> chart) throws IOException, ReflectiveOperationException {
        return laidOutAxis(chart, "getYAxis").getAxisTickCalculator().getTickLabels();
    }

    /** The x axis's tick labels that XChart draws: those of its ticks inside the axis. */
    private static List<String> xTickLabels(Chart<?, ?> chart) throws IOException, ReflectiveOperationException {
        Axis<?, ?> axis = laidOutAxis(chart, "getXAxis");
        AxisTickCalculator ticks = axis.getAxisTickCalculator();
        return IntStream.range(0, ticks.getTickLabels().size())
                .filter(i -> ticks.getTickLocations().get(i) > 0
                        && ticks.getTickLocations().get(i) < axis.getBounds().getWidth())
                .mapToObj(ticks.getTickLabels()::get).toList();
    }

    private static XYChart epochsChart(int count) {
        return Charts.lineChart("test mse", "epoch", "mse",
                Map.of("ace", IntStream.range(0, count).mapToDouble(i -> 1.0 / (i + 1)).toArray()), false);
    }

    /** A run of 3000 epochs was ticked at 1, 274, 547, ... and labelled with grouping separators ("1,093"). */
    @Test
    void aLongRunIsTickedAtRoundEpochsLabelledAsPlainIntegers() throws Exception {
        assertEquals(List.of("0", "500", "1000", "1500", "2000", "2500", "3000"), xTickLabels(epochsChart(3000)));
    }

    @Test
    void aShortRunKeepsATickAtEveryEpoch() throws Exception {
        assertEquals(IntStream.rangeClosed(1, 12).mapToObj(Integer::toString).toList(), xTickLabels(epochsChart(12)));
        assertEquals(List.of("1"), xTickLabels(epochsChart(1)));
    }

    /** XChart formats its tick labels in the default locale, whose digits may not be 0 ... 9 (ar-EG: ٣٠٠٠). */
    @Test
    void tickLabelsAreTheSameInAnyDefaultLocale() throws Exception {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            assertEquals("3000", xTickLabels(epochsChart(3000)).getLast());
            List<String> y = yTickLabels(Charts.lineChart("test mse", "epoch", "mse",
                    Map.of("ace", new double[] {0.05, 0.4, 0.3}), false));
            assertTrue(y.contains("0.1"), y.toString());
        } finally {
            Locale.setDefault(before);
        }
    }

    /**
     * Deviations of exactly equivariant models (strict and ace at --alpha-rot 0 --alpha-ref 0) are float32 rounding,
     * about 1e-14: their bars had no tick label at all (XChart's ticks stop at 10 decimals, and any 12-digit pattern
     * prints them as 0). A power of ten in the axis title leaves ticks of a few digits.
     */
    @Test
    void barsOfTinyValuesHaveTickLabelsInAPowerOfTenTheTitleNames() throws Exception {
        CategoryChart chart = Charts.barChart("final deviation", "relative deviation",
                List.of("rotation", "reflection"),
                Map.of("strict", List.of(1.4e-14, 1.8e-14), "ace", List.of(1.5e-14, 1.6e-14)));
        List<String> labels = yTickLabels(chart);
        assertTrue(labels.stream().distinct().count() >= 3, labels.toString());
        assertTrue(labels.stream().allMatch(l -> l.length() <= 4), labels.toString());
        assertEquals("relative deviation (×1E-14)", chart.getYAxisTitle());
    }

    /** A loss that grew to 5.7e33 (--lr 1.2e5) had tick labels of 34 digits. */
    @Test
    void linesOfHugeValuesHaveShortTickLabelsInAPowerOfTenTheTitleNames() throws Exception {
        XYChart chart = Charts.lineChart("test mse", "epoch", "mse", Map.of("ace", new double[] {5.7e33, 1e33, 2e32}),
                false);
        List<String> labels = yTickLabels(chart);
        assertTrue(labels.stream().distinct().count() >= 3, labels.toString());
        assertTrue(labels.stream().allMatch(l -> l.length() <= 4), labels.toString());
        assertEquals("mse (×1E33)", chart.getYAxisTitle());
    }

    /** Markers on every point of a long run (3000 epochs) drew its lines as thick bands. */
    @Test
    void seriesOfMoreThan100PointsHaveNoMarkers() {
        XYChart chart = Charts.lineChart("multipliers", "epoch", "value", Map.of("short", new double[100],
                "long", new double[101]), false);
        assertNotEquals(SeriesMarkers.NONE, chart.getSeriesMap().get("short").getMarker());
        assertEquals(SeriesMarkers.NONE, chart.getSeriesMap().get("long").getMarker());
    }

    /**
     * A log axis labels its decades only, so one spanning less than one had no tick label, and one across part of two
     * a single one. Under 1.5 decades it labels 2, 3, ... 9 of each decade too; across more those would overlap.
     */
    @Test
    void aLogAxisOfUnderADecadeAndAHalfLabelsMoreThanItsDecades() throws Exception {
        XYChart narrow = Charts.lineChart("deviation", "epoch", "relative deviation",
                Map.of("rotation", new double[] {0.0045, 0.003}), true);
        assertTrue(narrow.getStyler().isYAxisLogarithmic());
        List<String> labels = yTickLabels(narrow).stream().filter(java.util.Objects::nonNull).toList();
        assertTrue(labels.size() >= 2, labels.toString());
        assertFalse(Charts.lineChart("deviation", "epoch", "relative deviation",
                Map.of("rotation", new double[] {0.4, 0.02}), true).getStyler().isYAxisLogarithmicDecadeOnly(),
                "1.3 decades");
        assertTrue(Charts.lineChart("deviation", "epoch", "relative deviation",
                Map.of("rotation", new double[] {0.3, 0.003}), true).getStyler().isYAxisLogarithmicDecadeOnly(),
                "2 decades");
    }

    /**
     * An epoch whose test evaluation overflowed records "Infinity", which XChart refuses ("Series data ... cannot be
     * equal to Double.POSITIVE_INFINITY"): train and compare failed after their results were written, their plots
     * gone. An infinite value is left out as a gap, and the title says so.
     */
    @Test
    void infiniteValuesAreLeftOutAndTheTitleSaysSo() throws Exception {
        XYChart line = Charts.lineChart("test mse", "epoch", "mse",
                Map.of("ace", new double[] {0.5, Double.POSITIVE_INFINITY, 0.25}), false);
        BitmapEncoder.getBitmapBytes(line, BitmapEncoder.BitmapFormat.PNG);
        assertArrayEquals(new double[] {0.5, Double.NaN, 0.25}, line.getSeriesMap().get("ace").getYData());
        assertEquals("test mse (infinite values left out)", line.getTitle());
        CategoryChart bars = Charts.barChart("final deviation", "relative deviation", List.of("rotation", "reflection"),
                Map.of("penalty", List.of(Double.NEGATIVE_INFINITY, 0.25)));
        BitmapEncoder.getBitmapBytes(bars, BitmapEncoder.BitmapFormat.PNG);
        assertEquals("final deviation (infinite values left out)", bars.getTitle());
        assertEquals("test mse", Charts.lineChart("test mse", "epoch", "mse", Map.of("ace", new double[] {0.5}), false)
                .getTitle());
    }

    /** A series with no value at all (every deviation 0/0) has no positive values for a log axis to show. */
    @Test
    void aSeriesOfNaNsOnlyGetsALinearAxis() {
        assertFalse(Charts.lineChart("deviation", "epoch", "relative deviation",
                Map.of("a", new double[] {Double.NaN, Double.NaN}), true).getStyler().isYAxisLogarithmic());
    }
}
