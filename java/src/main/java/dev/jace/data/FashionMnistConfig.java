package dev.jace.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Fashion-MNIST read from IDX files in {@code dataDir} (see {@link FashionMnist}). {@code trainCount} and
 * {@code testCount} keep the first N samples of each split (0 keeps all); the files' order is already mixed over
 * the classes, so small prefixes are roughly balanced but not stratified. The seed only drives the rotations of
 * the {@link Variant}s.
 */
public record FashionMnistConfig(Path dataDir, Variant variant, int trainCount, int testCount, long seed)
        implements TaskConfig {

    public static final String NAME = "fashion-mnist";
    /** Where the Debian package {@code dataset-fashion-mnist} installs the gzipped IDX files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** How the images are oriented. */
    public enum Variant {
        /** As stored. */
        UPRIGHT,
        /** Each image turned by a random multiple of 90° (exact). */
        ROT90,
        /** Each image turned by a random angle in [0°, 360°), bilinear, zero outside. */
        ROT;

        /** "upright", "rot90", "rot". */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Variant byLabel(String label) {
            return Arrays.stream(values()).filter(v -> v.label().equalsIgnoreCase(label.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown fashion-mnist variant '" + label
                            + "'; valid: upright, rot90, rot"));
        }
    }

    public FashionMnistConfig {
        if (trainCount < 0 || testCount < 0) {
            throw new IllegalArgumentException("fashion-mnist: counts must be >= 0 (0 = all), got " + trainCount
                    + " and " + testCount);
        }
    }

    /** The Debian package's folder, upright, every sample, seed 1. */
    public static FashionMnistConfig defaults() {
        return new FashionMnistConfig(DEFAULT_DIR, Variant.UPRIGHT, 0, 0, 1);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FashionMnistConfig withSeed(long seed) {
        return new FashionMnistConfig(dataDir, variant, trainCount, testCount, seed);
    }

    @Override
    public Dataset load() throws IOException {
        return FashionMnist.load(this);
    }

    @Override
    public Split loadTest() throws IOException {
        return FashionMnist.loadTest(this);
    }
}
