package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Random;
import java.util.SplittableRandom;

/** Small D4 regression problems on 9×9 single-channel images, and random data for any model spec. */
final class Fixtures {

    static final Group D4_GROUP = new D4();
    static final int SIZE = 9;
    static final Shape SAMPLE = Shape.of(1, SIZE, SIZE);
    static final Symmetry SYMMETRY = new Symmetry(D4_GROUP, FeatureRep.IMAGE, FeatureRep.IMAGE);

    private Fixtures() {
    }

    /** A trainer of {@code model} under {@link #SYMMETRY} whose metrics go to no listener. */
    static Trainer silentTrainer(Backend backend, Sequential model, TrainingData data, TrainerConfig config) {
        return new Trainer(backend, model, SYMMETRY, data, config, new Metrics.Listener() { });
    }

    /** Lifting conv → relu → group conv → group average pool: an image-to-image D4 model. */
    static Sequential model(Backend backend, long seed, RelaxationSpec relaxation) {
        return Sequential.builder(backend, D4_GROUP.table(), SAMPLE, seed)
                .liftingConv(3, 3, Padding.SAME, relaxation).name("lift")
                .relu()
                .groupConv(1, 3, Padding.SAME, relaxation).name("gconv")
                .groupPool(PoolMode.MEAN)
                .build();
    }

    /**
     * A D4 model whose group conv is relaxed by a basis ("gconv"), the relaxation {@code ModelSpec} does not build.
     */
    static Sequential relaxedGroupConvModel(Backend backend) {
        return Sequential.builder(backend, D4_GROUP.table(), SAMPLE, 1)
                .liftingConv(2, 3, Padding.SAME, RelaxationSpec.none())
                .groupConv(1, 3, Padding.SAME, RelaxationSpec.basis(2, 0.5f)).name("gconv")
                .groupPool(PoolMode.MEAN)
                .build();
    }

    /** {@code samples} random images of {@code spec}'s input shape with random targets, as train and as test split. */
    static InMemoryData randomData(ModelSpec spec, Task task, int samples) {
        SplittableRandom random = new SplittableRandom(11);
        Shape image = spec.input();
        float[] images = new float[samples * image.size()];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextDouble();
        }
        int targetSize = task instanceof Task.Regression ? image.size() : 1;
        float[] targets = new float[samples * targetSize];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = task instanceof Task.Regression ? (float) random.nextDouble() : random.nextInt(spec.classes());
        }
        return new InMemoryData(image, targetSize, images, targets, images.clone(), targets.clone());
    }

    static float[] randomImages(int count, long seed) {
        Random random = new Random(seed);
        float[] x = new float[count * SAMPLE.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /**
     * Targets from a fixed random strictly D4-equivariant teacher, plus {@code breakRotation} times the input shifted
     * down by one row (which commutes with the horizontal flip but not with rotations).
     */
    static InMemoryData teacherData(Backend backend, int train, int test, double breakRotation) {
        float[] trainX = randomImages(train, 11);
        float[] testX = randomImages(test, 12);
        try (Sequential teacher = model(backend, 99, RelaxationSpec.none())) {
            return new InMemoryData(SAMPLE, SAMPLE.size(), trainX, targets(backend, teacher, trainX, breakRotation),
                    testX, targets(backend, teacher, testX, breakRotation));
        }
    }

    private static float[] targets(Backend backend, Sequential teacher, float[] x, double breakRotation) {
        int n = x.length / SAMPLE.size();
        try (Tensor input = backend.upload(x, Shape.of(n, 1, SIZE, SIZE))) {
            float[] y = backend.download(teacher.forward(input, false));
            for (int s = 0; s < n; s++) {
                for (int r = 1; r < SIZE; r++) {
                    for (int c = 0; c < SIZE; c++) {
                        int base = s * SIZE * SIZE;
                        y[base + r * SIZE + c] += (float) (breakRotation * x[base + (r - 1) * SIZE + c]);
                    }
                }
            }
            return y;
        }
    }
}
