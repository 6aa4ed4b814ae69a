package dev.jace.cli;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** One line per series over x = 1, 2, ...; a log y axis when {@code logY} and every value is positive. */
    static void lines(Path file, String title, String xLabel, String yLabel, Map<String, double[]> series,
                      boolean logY) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        boolean positive = series.values().stream().flatMapToDouble(java.util.Arrays::stream).allMatch(v -> v > 0);
        chart.getStyler().setYAxisLogarithmic(logY && positive);
        chart.getStyler().setYAxisDecimalPattern(decimalPattern(series.values().stream()
                .flatMapToDouble(java.util.Arrays::stream)));
        series.forEach((name, y) -> {
            double[] x = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                x[i] = i + 1;
            }
            chart.addSeries(name, x, y);
        });
        save(file, chart);
    }

    /** Grouped bars: one group per category, one bar per series. */
    static void bars(Path file, String title, String yLabel, List<String> categories,
                     Map<String, List<Double>> series) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel)
                .build();
        series.forEach((name, values) -> chart.addSeries(name, categories, values));
        chart.getStyler().setYAxisDecimalPattern(decimalPattern(series.values().stream().flatMap(List::stream)
                .mapToDouble(Double::doubleValue)));
        save(file, chart);
    }

    /**
     * Tick labels with a leading zero (XChart's own pattern writes 0.05 as ".05") and digits enough for ticks about a
     * fifth of the largest value apart.
     */
    static String decimalPattern(DoubleStream values) {
        double largest = values.filter(Double::isFinite).map(Math::abs).max().orElse(1);
        int digits = largest > 0 ? (int) Math.max(0, Math.min(10, 2 - Math.floor(Math.log10(largest)))) : 2;
        return digits == 0 ? "0" : "0." + "#".repeat(digits);
    }

    private static void save(Path file, Chart<?, ?> chart) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
