package dev.jace.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmoothImagesTest {

    private static final int RADIUS = 3;

    /**
     * The documented image, in float64 and without the separable split: noise drawn row by row on a grid 2·3 larger,
     * correlated with the 7×7 Gaussian of σ = 1.5 normalised to sum 1, over the fully covered pixels, standardised.
     */
    private static double[] reference(SplittableRandom random, int size) {
        int padded = size + 2 * RADIUS;
        double[] noise = new double[padded * padded];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextGaussian();
        }
        double[][] kernel = new double[2 * RADIUS + 1][2 * RADIUS + 1];
        double sum = 0;
        for (int a = -RADIUS; a <= RADIUS; a++) {
            for (int b = -RADIUS; b <= RADIUS; b++) {
                kernel[a + RADIUS][b + RADIUS] = Math.exp(-(a * a + b * b) / (2 * 1.5 * 1.5));
                sum += kernel[a + RADIUS][b + RADIUS];
            }
        }
        double[] image = new double[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double v = 0;
                for (int a = 0; a <= 2 * RADIUS; a++) {
                    for (int b = 0; b <= 2 * RADIUS; b++) {
                        v += kernel[a][b] / sum * noise[(y + a) * padded + x + b];
                    }
                }
                image[y * size + x] = v;
            }
        }
        double mean = Arrays.stream(image).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(image).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
        return Arrays.stream(image).map(v -> (v - mean) / std).toArray();
    }

    @Test
    void imagesAreTheStandardisedGaussianBlurOfPaddedNoise() {
        int size = 9;
        int count = 3;
        float[] images = SmoothImages.generate(count, size, new SplittableRandom(11));
        SplittableRandom same = new SplittableRandom(11);
        for (int n = 0; n < count; n++) {
            double[] expected = reference(same, size);
            double mean = 0;
            double square = 0;
            for (int i = 0; i < expected.length; i++) {
                float got = images[n * size * size + i];
                assertEquals(expected[i], got, 1e-6, "image " + n + ", pixel " + i);
                mean += got;
                square += (double) got * got;
            }
            assertEquals(0, mean / expected.length, 1e-6, "image " + n + " mean");
            assertEquals(1, square / expected.length, 1e-6, "image " + n + " variance");
        }
    }

    @Test
    void neighbouringPixelsAreCorrelatedAsTheBlurMakesThem() {
        // Lag-1 correlation of noise blurred by a Gaussian of σ: exp(-1 / (4σ²)) = 0.895 for σ = 1.5 (a little less
        // for the kernel cut at 3 pixels); white noise would give 0.
        int size = 16;
        int count = 200;
        float[] images = SmoothImages.generate(count, size, new SplittableRandom(5));
        double products = 0;
        long pairs = 0;
        for (int n = 0; n < count; n++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x + 1 < size; x++) {
                    int i = n * size * size + y * size + x;
                    products += (double) images[i] * images[i + 1];
                    pairs++;
                }
            }
        }
        assertEquals(Math.exp(-1 / (4 * SmoothImages.SIGMA * SmoothImages.SIGMA)), products / pairs, 0.03);
    }
}
