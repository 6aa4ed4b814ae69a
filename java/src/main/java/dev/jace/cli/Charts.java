package dev.jace.cli;

import dev.jace.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/** PNG line and bar charts through XChart, rendered headless (no display needed). */
final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 720;
    private static final int HEIGHT = 440;
    /** The most points of a line that are marked: more run together into a thick band (a run of 3000 epochs). */
    private static final int MOST_MARKED = 100;
    /** The most epochs that each get a tick: their labels fit side by side at this width, legend and all. */
    private static final int MOST_EPOCHS_EACH_TICKED = 20;

    private Charts() {
    }

    /**
     * One line per series, its value i at x = i + 1 (epoch i as the progress lines count it), broken where a value is
     * NaN (an epoch without records) or infinite (left out, the title says so), each point marked up to 100 points; a
     * log y axis when {@code logY} and every value shown is positive.
     */
    static void lines(Path file, String title, String xLabel, String yLabel, Map<String, double[]> series,
                      boolean logY) throws IOException {
        save(file, lineChart(title, xLabel, yLabel, series, logY));
    }

    /** The chart that {@link #lines} draws. */
    static XYChart lineChart(String title, String xLabel, String yLabel, Map<String, double[]> rawSeries,
                             boolean logY) {
        boolean infinite = rawSeries.values().stream().flatMapToDouble(Arrays::stream).anyMatch(Double::isInfinite);
        Map<String, double[]> series = new LinkedHashMap<>();
        rawSeries.forEach((name, y) -> series.put(name, Arrays.stream(y).map(Charts::finiteOrNaN).toArray()));
        boolean log = logY && series.values().stream().flatMapToDouble(Arrays::stream).anyMatch(v -> v > 0)
                && series.values().stream().flatMapToDouble(Arrays::stream).filter(v -> !Double.isNaN(v))
                .allMatch(v -> v > 0);
        // a log axis labels its decades itself (1E-4 ...), which a pattern would cut to 0
        int exponent = log ? 0 : scaleExponent(series.values().stream().flatMapToDouble(Arrays::stream));
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(titled(title, infinite))
                .xAxisTitle(xLabel).yAxisTitle(inPowerOfTen(yLabel, exponent)).build();
        chart.getStyler().setLocale(Locale.ROOT);
        tickEpochs(chart.getStyler(), series.values().stream().mapToInt(y -> y.length).max().orElse(0));
        chart.getStyler().setYAxisLogarithmic(log);
        // Decades alone leave an axis across less than two with one label or none; past 1.5 decades the 2 ... 9 of
        // each would overlap.
        chart.getStyler().setYAxisLogarithmicDecadeOnly(decades(series) >= 1.5);
        double unit = Math.pow(10, exponent);
        Map<String, double[]> shown = new LinkedHashMap<>();
        series.forEach((name, y) -> shown.put(name, Arrays.stream(y).map(v -> v / unit).toArray()));
        if (!log) {
            chart.getStyler().setYAxisDecimalPattern(decimalPattern(shown.values().stream()
                    .flatMapToDouble(Arrays::stream), false));
        }
        shown.forEach((name, y) -> {
            XYSeries line = chart.addSeries(name, IntStream.rangeClosed(1, y.length).asDoubleStream().toArray(), y);
            if (y.length > MOST_MARKED) {
                line.setMarker(SeriesMarkers.NONE);
            }
        });
        return chart;
    }

    /**
     * Ticks the epoch axis at every epoch up to {@link #MOST_EPOCHS_EACH_TICKED}, past that at round epochs, labelled
     * as plain integers ("3000", not "3,000"). XChart ticks equally spaced x values such as epochs at every k-th one
     * whose labels fit (1, 274, 547, ... across 3000 epochs); an axis reaching half an epoch past either end is not
     * equally spaced to it, so it gets the multiples of 1, 2 or 5 × 10^k that XChart ticks any other axis at.
     */
    private static void tickEpochs(XYStyler styler, int epochs) {
        styler.setXAxisDecimalPattern("0");
        if (epochs > MOST_EPOCHS_EACH_TICKED) {
            styler.setXAxisMin(0.5);
            styler.setXAxisMax(epochs + 0.5);
        }
    }

    /** XChart refuses an infinite value (an evaluation that overflowed): it is left out, as a gap. */
    private static double finiteOrNaN(double value) {
        return Double.isInfinite(value) ? Double.NaN : value;
    }

    private static String titled(String title, boolean infinite) {
        return infinite ? title + " (infinite values left out)" : title;
    }

    /** The decades that the positive values of {@code series} span (0 for none). */
    private static double decades(Map<String, double[]> series) {
        DoubleSummaryStatistics positive = series.values().stream().flatMapToDouble(Arrays::stream)
                .filter(v -> v > 0 && Double.isFinite(v)).summaryStatistics();
        return positive.getCount() == 0 ? 0 : Math.log10(positive.getMax() / positive.getMin());
    }

    /** Grouped bars: one group per category, one bar per series. */
    static void bars(Path file, String title, String yLabel, List<String> categories,
                     Map<String, List<Double>> series) throws IOException {
        save(file, barChart(title, yLabel, categories, series));
    }

    /** The chart that {@link #bars} draws. */
    static CategoryChart barChart(String title, String yLabel, List<String> categories,
                                  Map<String, List<Double>> rawSeries) {
        boolean infinite = rawSeries.values().stream().flatMap(List::stream).anyMatch(v -> v.isInfinite());
        Map<String, List<Double>> series = new LinkedHashMap<>();
        rawSeries.forEach((name, values) -> series.put(name, values.stream().map(Charts::finiteOrNaN).toList()));
        int exponent = scaleExponent(series.values().stream().flatMap(List::stream).mapToDouble(Double::doubleValue));
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(titled(title, infinite))
                .yAxisTitle(inPowerOfTen(yLabel, exponent)).build();
        chart.getStyler().setLocale(Locale.ROOT);
        double unit = Math.pow(10, exponent);
        Map<String, List<Double>> shown = new LinkedHashMap<>();
        series.forEach((name, values) -> shown.put(name, values.stream().map(v -> v / unit).toList()));
        shown.forEach((name, values) -> chart.addSeries(name, categories, values));
        chart.getStyler().setYAxisDecimalPattern(decimalPattern(shown.values().stream().flatMap(List::stream)
                .mapToDouble(Double::doubleValue), true));
        return chart;
    }

    /**
     * The power of ten that a linear axis shows its values in: 0 where the largest magnitude is from 1e-4 to below 1e6,
     * else that magnitude's. XChart's ticks stop at 10 decimals, so values of float32 rounding (~1e-14) got no tick
     * label at all, and a pattern of plain digits writes 1e33 with 34.
     */
    static int scaleExponent(DoubleStream values) {
        double largest = values.filter(Double::isFinite).map(Math::abs).max().orElse(0);
        return largest == 0 || largest >= 1e-4 && largest < 1e6 ? 0 : (int) Math.floor(Math.log10(largest));
    }

    /** An axis title saying the power of ten its values are in, e.g. "relative deviation (×1E-14)". */
    static String inPowerOfTen(String label, int exponent) {
        return exponent == 0 ? label : label + " (×1E" + exponent + ")";
    }

    /**
     * Tick labels of a linear axis with a leading zero (XChart's own pattern writes 0.05 as ".05") and the digits its
     * ticks need: about five across the values' range, which a bar chart starts at 0.
     */
    static String decimalPattern(DoubleStream values, boolean fromZero) {
        DoubleSummaryStatistics range = values.filter(Double::isFinite).summaryStatistics();
        double low = fromZero ? Math.min(0, range.getMin()) : range.getMin();
        double high = fromZero ? Math.max(0, range.getMax()) : range.getMax();
        double tick = range.getCount() == 0 ? 0.1 : (high > low ? high - low : Math.max(Math.abs(high), 1e-300)) / 5;
        int digits = (int) Math.max(0, Math.min(12, 1 - Math.floor(Math.log10(tick))));
        return digits == 0 ? "0" : "0." + "#".repeat(digits);
    }

    /** Renders before it makes the folder, so that a machine that cannot draw is left no empty plots/. */
    private static void save(Path file, Chart<?, ?> chart) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.writeBytes(file, png);
    }
}
