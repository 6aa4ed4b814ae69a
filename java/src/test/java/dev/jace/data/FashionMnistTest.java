package dev.jace.data;

import dev.jace.testing.IdxFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FashionMnistTest {

    private static final int SIZE = 6;

    @TempDir
    Path dir;

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] pixels(int n, int seed) {
        byte[] data = new byte[n * SIZE * SIZE];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 37 + seed);
        }
        return data;
    }

    private static byte[] labels(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i % 10);
        }
        return data;
    }

    private void writeDataset(boolean gz, int train, int test) throws IOException {
        write("train-images-idx3-ubyte", IdxFiles.ubyte(3, new int[] {train, SIZE, SIZE}, pixels(train, 1)), gz);
        write("train-labels-idx1-ubyte", IdxFiles.ubyte(1, new int[] {train}, labels(train)), gz);
        write("t10k-images-idx3-ubyte", IdxFiles.ubyte(3, new int[] {test, SIZE, SIZE}, pixels(test, 2)), gz);
        write("t10k-labels-idx1-ubyte", IdxFiles.ubyte(1, new int[] {test}, labels(test)), gz);
    }

    private void write(String name, byte[] bytes, boolean gz) throws IOException {
        Files.write(dir.resolve(gz ? name + ".gz" : name), gz ? gzip(bytes) : bytes);
    }

    private FashionMnistConfig config(FashionMnistConfig.Variant variant) {
        return new FashionMnistConfig(dir, variant, 0, 0, 5);
    }

    @Test
    void readsPlainAndGzipFilesAlike() throws IOException {
        writeDataset(false, 12, 4);
        Dataset plain = config(FashionMnistConfig.Variant.UPRIGHT).load();
        for (Path p : Files.list(dir).toList()) {
            Files.delete(p);
        }
        writeDataset(true, 12, 4);
        Dataset gz = config(FashionMnistConfig.Variant.UPRIGHT).load();
        assertArrayEquals(plain.train().inputs(), gz.train().inputs());
        assertEquals(12, gz.train().count());
        assertEquals(4, gz.test().count());
        assertEquals(TaskKind.CLASSIFICATION, gz.kind());
        assertEquals((pixels(12, 1)[7] & 0xff) / 255f, gz.train().inputs()[7]);
        assertArrayEquals(new int[] {0, 1, 2, 3}, ((Targets.Labels) gz.test().targets()).labels());
    }

    @Test
    void keepsTheFirstSamplesOfEachSplit() throws IOException {
        writeDataset(false, 12, 4);
        Dataset all = config(FashionMnistConfig.Variant.UPRIGHT).load();
        Dataset some = new FashionMnistConfig(dir, FashionMnistConfig.Variant.UPRIGHT, 5, 100, 5).load();
        assertEquals(5, some.train().count());
        assertEquals(4, some.test().count());
        assertArrayEquals(Arrays.copyOf(all.train().inputs(), 5 * SIZE * SIZE), some.train().inputs());
    }

    @Test
    void truncatedFileNamesTheFileAndByteCounts() throws IOException {
        writeDataset(false, 12, 4);
        byte[] full = IdxFiles.ubyte(3, new int[] {12, SIZE, SIZE}, pixels(12, 1));
        Files.write(dir.resolve("train-images-idx3-ubyte"), Arrays.copyOf(full, full.length - 10));
        IOException e = assertThrows(IOException.class, () -> config(FashionMnistConfig.Variant.UPRIGHT).load());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("need " + 12 * SIZE * SIZE)
                && e.getMessage().contains("found " + (12 * SIZE * SIZE - 10)), e.getMessage());
    }

    @Test
    void truncatedGzipIsAnError() throws IOException {
        writeDataset(true, 12, 4);
        Path p = dir.resolve("t10k-labels-idx1-ubyte.gz");
        byte[] bytes = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> config(FashionMnistConfig.Variant.UPRIGHT).load());
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz"), e.getMessage());
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        writeDataset(false, 12, 4);
        byte[] full = IdxFiles.ubyte(1, new int[] {4}, labels(4));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), Arrays.copyOf(full, full.length + 3));
        IOException e = assertThrows(IOException.class, () -> config(FashionMnistConfig.Variant.UPRIGHT).load());
        assertTrue(e.getMessage().contains("3 unexpected bytes"), e.getMessage());
    }

    /** Upright images that are not square failed only in the model's layers, which name no file. */
    @Test
    void nonSquareImagesAreRefusedNamingTheFile() throws IOException {
        writeDataset(false, 12, 4);
        Path images = dir.resolve("train-images-idx3-ubyte");
        for (String split : List.of("train", "t10k")) {
            int n = split.equals("train") ? 12 : 4;
            Files.write(dir.resolve(split + "-images-idx3-ubyte"), IdxFiles.ubyte(3, new int[] {n, SIZE, SIZE + 1},
                    new byte[n * SIZE * (SIZE + 1)]));
        }
        for (FashionMnistConfig.Variant variant : FashionMnistConfig.Variant.values()) {
            IOException e = assertThrows(IOException.class, () -> config(variant).load());
            assertEquals(images + ": images are 6x7, not square: the rotated variants turn them, and jace's models"
                    + " take square images (Fashion-MNIST's are 28x28)", e.getMessage(), variant.toString());
        }
    }

    @Test
    void badMagicIsAnError() throws IOException {
        writeDataset(false, 12, 4);
        // A labels file (rank 1) where the images (rank 3) belong.
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.ubyte(1, new int[] {12}, labels(12)));
        IOException e = assertThrows(IOException.class, () -> config(FashionMnistConfig.Variant.UPRIGHT).load());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte") && e.getMessage().contains("bad magic"),
                e.getMessage());
    }

    @Test
    void mismatchedCountsAreAnError() throws IOException {
        writeDataset(false, 12, 4);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.ubyte(1, new int[] {11}, labels(11)));
        IOException e = assertThrows(IOException.class, () -> config(FashionMnistConfig.Variant.UPRIGHT).load());
        assertTrue(e.getMessage().contains("12 images") && e.getMessage().contains("11 labels"), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsAnError() throws IOException {
        writeDataset(false, 12, 4);
        byte[] bad = labels(4);
        bad[2] = 10;
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.ubyte(1, new int[] {4}, bad));
        IOException e = assertThrows(IOException.class, () -> config(FashionMnistConfig.Variant.UPRIGHT).load());
        assertTrue(e.getMessage().contains("label 10"), e.getMessage());
        // Also beyond the samples a --subset takes.
        IOException beyond = assertThrows(IOException.class, () ->
                new FashionMnistConfig(dir, FashionMnistConfig.Variant.UPRIGHT, 2, 2, 5).load());
        assertTrue(beyond.getMessage().contains("label 10 of sample 2"), beyond.getMessage());
    }

    @Test
    void missingDataSaysHowToInstall() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () ->
                new FashionMnistConfig(dir.resolve("absent"), FashionMnistConfig.Variant.UPRIGHT, 0, 0, 1).load());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist")
                && e.getMessage().contains("--data DIR"), e.getMessage());
        NoSuchFileException file = assertThrows(NoSuchFileException.class, () ->
                config(FashionMnistConfig.Variant.UPRIGHT).load());
        assertTrue(file.getMessage().contains("train-images-idx3-ubyte"), file.getMessage());
    }

    @Test
    void aFileForTheFolderOrAFolderForAFileIsNamedAsSuch() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("notes.txt"), "x");
        FileSystemException e = assertThrows(FileSystemException.class, () ->
                new FashionMnistConfig(notAFolder, FashionMnistConfig.Variant.UPRIGHT, 0, 0, 1).load());
        assertEquals(notAFolder + ": is a file; --data names the folder holding the train-/t10k- IDX files",
                e.getMessage());
        writeDataset(false, 12, 4);
        Path images = dir.resolve("train-images-idx3-ubyte");
        Files.delete(images);
        Files.createDirectory(images);
        NoSuchFileException folder = assertThrows(NoSuchFileException.class, () ->
                config(FashionMnistConfig.Variant.UPRIGHT).load());
        assertEquals(images + ": is a folder, not the IDX file train-images-idx3-ubyte", folder.getMessage());
    }

    /** The test split alone, bitwise as load() makes it (rotations too), read without the train- files. */
    @Test
    void theTestSplitAloneIsLoadsAndNeedsNoTrainingFiles() throws IOException {
        writeDataset(false, 12, 7);
        for (FashionMnistConfig.Variant variant : FashionMnistConfig.Variant.values()) {
            Split test = config(variant).load().test();
            Split alone = config(variant).loadTest();
            assertArrayEquals(test.inputs(), alone.inputs(), variant.label());
            assertArrayEquals(((Targets.Labels) test.targets()).labels(),
                    ((Targets.Labels) alone.targets()).labels());
        }
        Files.delete(dir.resolve("train-images-idx3-ubyte"));
        Files.delete(dir.resolve("train-labels-idx1-ubyte"));
        assertEquals(7, config(FashionMnistConfig.Variant.ROT).loadTest().count());
    }

    /**
     * Each sample of the rot variant is its upright image turned by an angle of its own (bilinear, zero outside),
     * found here to within 0.01°; the angles differ and are not all quarter turns.
     */
    @Test
    void rotVariantTurnsEachImageByAnAngleOfItsOwn() throws IOException {
        writeDataset(false, 12, 4);
        float[] upright = config(FashionMnistConfig.Variant.UPRIGHT).load().train().inputs();
        float[] turned = config(FashionMnistConfig.Variant.ROT).load().train().inputs();
        int pixels = SIZE * SIZE;
        float[] r = new float[pixels];
        Set<Long> degrees = new HashSet<>();
        for (int n = 0; n < 12; n++) {
            double closest = Double.POSITIVE_INFINITY;
            double angle = -1;
            for (int step = 0; step < 36_000; step++) {
                ImageRotation.rotate(upright, n * pixels, SIZE, step / 100.0, r, 0);
                double difference = 0;
                for (int i = 0; i < pixels; i++) {
                    difference = Math.max(difference, Math.abs(r[i] - turned[n * pixels + i]));
                }
                if (difference < closest) {
                    closest = difference;
                    angle = step / 100.0;
                }
            }
            assertTrue(closest < 2e-3, "sample " + n + " is no turn of the upright image: " + closest + " off at "
                    + angle + "°");
            degrees.add(Math.round(angle));
        }
        assertTrue(degrees.size() > 1 && !degrees.stream().allMatch(d -> d % 90 == 0), degrees.toString());
    }

    @Test
    void rot90VariantIsAnExactQuarterTurnOfUpright() throws IOException {
        writeDataset(false, 12, 4);
        Dataset upright = config(FashionMnistConfig.Variant.UPRIGHT).load();
        Dataset turned = config(FashionMnistConfig.Variant.ROT90).load();
        int pixels = SIZE * SIZE;
        boolean[] seen = new boolean[4];
        for (int n = 0; n < 12; n++) {
            float[] sample = Arrays.copyOfRange(turned.train().inputs(), n * pixels, (n + 1) * pixels);
            int match = -1;
            for (int k = 0; k < 4 && match < 0; k++) {
                float[] r = new float[pixels];
                ImageRotation.rot90(upright.train().inputs(), n * pixels, SIZE, k, r, 0);
                match = Arrays.equals(r, sample) ? k : -1;
            }
            assertTrue(match >= 0, "sample " + n + " is no quarter turn of the upright image");
            seen[match] = true;
        }
        assertTrue(seen[1] || seen[2] || seen[3], "no sample was turned");
        assertArrayEquals(((Targets.Labels) upright.train().targets()).labels(),
                ((Targets.Labels) turned.train().targets()).labels());
    }

    @Test
    void realDatasetIfInstalled() throws IOException {
        boolean installed = Files.isDirectory(FashionMnistConfig.DEFAULT_DIR);
        if (!installed) {
            System.out.println("skipping: " + FashionMnistConfig.DEFAULT_DIR
                    + " not found (apt-get install dataset-fashion-mnist)");
        }
        Assumptions.assumeTrue(installed, "Fashion-MNIST is not installed");
        Dataset d = FashionMnistConfig.defaults().load();
        assertEquals(60000, d.train().count());
        assertEquals(10000, d.test().count());
        assertEquals(dev.jace.tensor.Shape.of(1, 28, 28), d.train().inputShape());
        int[] perClass = new int[10];
        for (int label : ((Targets.Labels) d.train().targets()).labels()) {
            perClass[label]++;
        }
        for (int count : perClass) {
            assertEquals(6000, count);
        }
        float max = 0;
        for (float v : d.test().inputs()) {
            assertTrue(v >= 0 && v <= 1);
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
    }
}
