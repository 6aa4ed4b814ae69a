package dev.jace.data;

import dev.jace.tensor.Shape;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Loads Fashion-MNIST: 28×28 grey images with 10 classes, pixels scaled from 0..255 to [0, 1] (no
 * standardisation, so a zero pixel stays zero under rotation padding). Each file is looked up as its IDX name, then
 * with ".gz" added: an uncompressed copy beside the .gz file is the one read. Counts, dimensions (square images) and label values are all checked; a bad file throws an
 * {@link IOException} naming it.
 */
public final class FashionMnist {

    public static final int CLASSES = 10;

    private FashionMnist() {
    }

    public static Dataset load(FashionMnistConfig config) throws IOException {
        Path dir = folder(config);
        SplittableRandom root = new SplittableRandom(config.seed());
        Split train = split(dir, "train", config.trainCount(), config.variant(), root.split());
        Split test = split(dir, "t10k", config.testCount(), config.variant(), root.split());
        if (!train.inputShape().equals(test.inputShape())) {
            throw new IOException(dir + ": train images are " + train.inputShape() + " but test images are "
                    + test.inputShape());
        }
        return new Dataset(FashionMnistConfig.NAME, train, test, TaskKind.CLASSIFICATION, String.format(Locale.ROOT,
                "Fashion-MNIST from %s, %s, %d train / %d test, pixels in [0,1]", dir, config.variant().label(),
                train.count(), test.count()));
    }

    /** {@link #load}'s test split alone, read from the t10k- files without the train- ones. */
    public static Split loadTest(FashionMnistConfig config) throws IOException {
        Path dir = folder(config);
        SplittableRandom root = new SplittableRandom(config.seed());
        root.split(); // the training split's rotations
        return split(dir, "t10k", config.testCount(), config.variant(), root.split());
    }

    private static Path folder(FashionMnistConfig config) throws IOException {
        Path dir = config.dataDir();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new FileSystemException(dir.toString(), null, "is a file; --data names the folder holding the "
                    + "train-/t10k- IDX files");
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "Fashion-MNIST folder not found; install it with "
                    + "'apt-get install dataset-fashion-mnist' (files in " + FashionMnistConfig.DEFAULT_DIR
                    + ") or pass --data DIR with the train-/t10k- IDX files");
        }
        return dir;
    }

    private static Split split(Path dir, String prefix, int limit, FashionMnistConfig.Variant variant,
                               SplittableRandom random) throws IOException {
        IdxFile images = IdxFile.read(find(dir, prefix + "-images-idx3-ubyte"), 3);
        IdxFile labels = IdxFile.read(find(dir, prefix + "-labels-idx1-ubyte"), 1);
        int n = images.dims()[0];
        if (labels.dims()[0] != n) {
            throw new IOException(images.path() + " holds " + n + " images but " + labels.path() + " holds "
                    + labels.dims()[0] + " labels");
        }
        int rows = images.dims()[1];
        int cols = images.dims()[2];
        if (rows != cols) {
            throw new IOException(images.path() + ": images are " + rows + "x" + cols + ", not square: the rotated"
                    + " variants turn them, and jace's models take square images (Fashion-MNIST's are 28x28)");
        }
        int count = limit == 0 ? n : Math.min(limit, n);
        int pixels = rows * cols;
        float[] upright = new float[count * pixels];
        for (int i = 0; i < upright.length; i++) {
            upright[i] = (images.data()[i] & 0xff) / 255f;
        }
        // Every label, not only the subset's: a bad one means a damaged file, whichever samples a run takes.
        for (int i = 0; i < n; i++) {
            int label = labels.data()[i] & 0xff;
            if (label >= CLASSES) {
                throw new IOException(labels.path() + ": label " + label + " of sample " + i + " is not in 0.."
                        + (CLASSES - 1));
            }
        }
        int[] classes = new int[count];
        for (int i = 0; i < count; i++) {
            classes[i] = labels.data()[i] & 0xff;
        }
        float[] inputs = orient(upright, count, rows, variant, random);
        return new Split(Shape.of(1, rows, cols), inputs, new Targets.Labels(CLASSES, classes));
    }

    private static float[] orient(float[] upright, int count, int size, FashionMnistConfig.Variant variant,
                                  SplittableRandom random) {
        if (variant == FashionMnistConfig.Variant.UPRIGHT) {
            return upright;
        }
        int pixels = size * size;
        float[] out = new float[upright.length];
        for (int n = 0; n < count; n++) {
            if (variant == FashionMnistConfig.Variant.ROT90) {
                ImageRotation.rot90(upright, n * pixels, size, random.nextInt(4), out, n * pixels);
            } else {
                ImageRotation.rotate(upright, n * pixels, size, random.nextDouble(360), out, n * pixels);
            }
        }
        return out;
    }

    private static Path find(Path dir, String name) throws NoSuchFileException {
        for (Path candidate : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            if (Files.isDirectory(candidate)) {
                throw new NoSuchFileException(candidate.toString(), null, "is a folder, not the IDX file " + name);
            }
        }
        throw new NoSuchFileException(dir.resolve(name).toString(), null, "neither " + name + " nor " + name
                + ".gz is in " + dir + "; install Fashion-MNIST with 'apt-get install dataset-fashion-mnist' or pass"
                + " --data DIR");
    }
}
