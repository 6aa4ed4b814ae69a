package dev.jace.data;

import java.util.random.RandomGenerator;

/**
 * Random smooth images: white noise blurred by a fixed Gaussian (σ = {@value #SIGMA} pixels), each image then
 * standardised to mean 0 and standard deviation 1. The noise is drawn on a grid {@code 2·RADIUS} larger and the
 * blur keeps only fully covered pixels, so the statistics are the same everywhere in the image (no dark border).
 */
public final class SmoothImages {

    static final double SIGMA = 1.5;
    private static final int RADIUS = 3;

    private SmoothImages() {
    }

    /** {@code count} images of {@code size × size}, back to back. */
    public static float[] generate(int count, int size, RandomGenerator random) {
        double[] kernel = kernel();
        int padded = size + 2 * RADIUS;
        double[] noise = new double[padded * padded];
        double[] rows = new double[size * padded];
        float[] out = new float[count * size * size];
        for (int n = 0; n < count; n++) {
            for (int i = 0; i < noise.length; i++) {
                noise[i] = random.nextGaussian();
            }
            // Separable blur: along the rows of the padded grid first, then along the columns.
            for (int i = 0; i < padded; i++) {
                for (int j = 0; j < size; j++) {
                    double s = 0;
                    for (int t = 0; t < kernel.length; t++) {
                        s += kernel[t] * noise[i * padded + j + t];
                    }
                    rows[j * padded + i] = s;
                }
            }
            double[] image = new double[size * size];
            for (int j = 0; j < size; j++) {
                for (int i = 0; i < size; i++) {
                    double s = 0;
                    for (int t = 0; t < kernel.length; t++) {
                        s += kernel[t] * rows[j * padded + i + t];
                    }
                    image[i * size + j] = s;
                }
            }
            standardise(image, out, n * size * size);
        }
        return out;
    }

    private static void standardise(double[] image, float[] out, int offset) {
        double mean = 0;
        for (double v : image) {
            mean += v;
        }
        mean /= image.length;
        double var = 0;
        for (double v : image) {
            var += (v - mean) * (v - mean);
        }
        double inv = 1 / Math.sqrt(var / image.length);
        for (int i = 0; i < image.length; i++) {
            out[offset + i] = (float) ((image[i] - mean) * inv);
        }
    }

    private static double[] kernel() {
        double[] k = new double[2 * RADIUS + 1];
        double sum = 0;
        for (int t = 0; t < k.length; t++) {
            int d = t - RADIUS;
            k[t] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += k[t];
        }
        for (int t = 0; t < k.length; t++) {
            k[t] /= sum;
        }
        return k;
    }
}
