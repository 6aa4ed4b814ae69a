package dev.jace.cli;

import dev.jace.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;

/** PNG line and bar charts through XChart, rendered headless (no display needed). */
final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 720;
    private static final int HEIGHT = 440;

    private Charts() {
    }

    /**
     * One line per series, its value i at x = i + 1 (epoch i as the progress lines count it), broken where a value is NaN
     * (an epoch without records); a log y axis when {@code logY} and every value is positive.
     */
    static void lines(Path file, String title, String xLabel, String yLabel, Map<String, double[]> series,
                      boolean logY) throws IOException {
        save(file, lineChart(title, xLabel, yLabel, series, logY));
    }

    /** The chart that {@link #lines} draws. */
    static XYChart lineChart(String title, String xLabel, String yLabel, Map<String, double[]> series, boolean logY) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        boolean positive = series.values().stream().flatMapToDouble(java.util.Arrays::stream)
                .filter(v -> !Double.isNaN(v)).allMatch(v -> v > 0);
        chart.getStyler().setYAxisLogarithmic(logY && positive);
        if (!(logY && positive)) { // a log axis labels its decades itself (1E-4 ...), which a pattern would cut to 0
            chart.getStyler().setYAxisDecimalPattern(decimalPattern(series.values().stream()
                    .flatMapToDouble(java.util.Arrays::stream), false));
        }
        series.forEach((name, y) -> {
            double[] x = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                x[i] = i + 1;
            }
            chart.addSeries(name, x, y);
        });
        return chart;
    }

    /** Grouped bars: one group per category, one bar per series. */
    static void bars(Path file, String title, String yLabel, List<String> categories,
                     Map<String, List<Double>> series) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel)
                .build();
        series.forEach((name, values) -> chart.addSeries(name, categories, values));
        chart.getStyler().setYAxisDecimalPattern(decimalPattern(series.values().stream().flatMap(List::stream)
                .mapToDouble(Double::doubleValue), true));
        save(file, chart);
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
