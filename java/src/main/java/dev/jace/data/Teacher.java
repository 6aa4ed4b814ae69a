package dev.jace.data;

import dev.jace.backend.SamplePasses;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.D4;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * The teacher task: smooth random images ({@link SmoothImages}) mapped by a {@link TeacherMap} with known symmetry
 * breaking, plus optional target noise. {@code groundTruth} holds the D4 deviations of the noise-free target map
 * measured on the test inputs: what a model trained on this task should end up with.
 */
public record Teacher(TeacherConfig config, Dataset dataset, DeviationProfile groundTruth) {

    static final int CALIBRATION = 64;
    /** The largest size whose calibration batch's widest activation fits one array: 1023. */
    static final int LARGEST_SIZE = (int) Math.sqrt((double) Shape.MAX_SIZE
            / (CALIBRATION * TeacherMap.WIDEST_PER_PIXEL));
    /**
     * Samples per pass of the map at most: its hidden layer has 32 channels per input channel (and the ground truth's
     * pass 7 transformed copies more), which for every sample at once can exceed the memory or the size of one array.
     */
    private static final int SAMPLES_PER_PASS = 256;

    /**
     * {@link #SAMPLES_PER_PASS}, or fewer where the map's widest activation for that many {@code size}² images, each
     * in {@code copies} copies at once (the ground truth maps the 7 transformed copies of a pass together), would not
     * fit one tensor ({@link Shape#MAX_SIZE}); at least 1.
     */
    static int samplesPerPass(int size, int copies) {
        long perSample = (long) TeacherMap.WIDEST_PER_PIXEL * copies * size * size;
        return (int) Math.max(1, Math.min(SAMPLES_PER_PASS, Shape.MAX_SIZE / perSample));
    }

    public static Teacher generate(TeacherConfig config) {
        Streams random = new Streams(config.seed());
        int s = config.size();
        return withMap(config, random, (cpu, map) -> {
            Split trainSplit = split(cpu, map, SmoothImages.generate(config.trainCount(), s, random.trainInputs),
                    Shape.of(1, s, s), config.noise(), random.trainNoise, samplesPerPass(s, 1));
            Split testSplit = testSplit(cpu, map, config, random);
            D4 d4 = new D4();
            DeviationProfile truth = DeviationProfile.measure(cpu, d4, map::apply, testSplit.inputs(),
                    testSplit.inputBatchShape(testSplit.count()), samplesPerPass(s, d4.nonIdentityElements().length));
            Dataset dataset = new Dataset(TeacherConfig.NAME, trainSplit, testSplit, TaskKind.REGRESSION,
                    String.format(Locale.ROOT, "teacher %dx%d: D4-equivariant map + %.3g x rotation-breaking"
                            + " + %.3g x reflection-breaking, target noise %.3g, seed %d",
                            s, s, config.alphaRot(), config.alphaRef(), config.noise(), config.seed()));
            return new Teacher(config, dataset, truth);
        });
    }

    /** {@link #generate}'s test split alone, without making the training split or the ground truth. */
    public static Split generateTest(TeacherConfig config) {
        Streams random = new Streams(config.seed());
        return withMap(config, random, (cpu, map) -> testSplit(cpu, map, config, random));
    }

    /**
     * The generators of a seed's parts, split from it in this order whichever parts are made, so that each part is
     * the same made alone. Each split its own noise, so that the test targets do not depend on how many training
     * samples drew first.
     */
    private static final class Streams {
        final SplittableRandom weights;
        final SplittableRandom calibration;
        final SplittableRandom trainInputs;
        final SplittableRandom testInputs;
        final SplittableRandom trainNoise;
        final SplittableRandom testNoise;

        Streams(long seed) {
            SplittableRandom root = new SplittableRandom(seed);
            weights = root.split();
            calibration = root.split();
            trainInputs = root.split();
            testInputs = root.split();
            SplittableRandom noise = root.split();
            trainNoise = noise.split();
            testNoise = noise.split();
        }
    }

    /** {@code work} run with the seed's target map on a CPU backend, both closed after. */
    private static <T> T withMap(TeacherConfig config, Streams random, BiFunction<CpuBackend, TeacherMap, T> work) {
        int s = config.size();
        try (CpuBackend cpu = new CpuBackend();
             Tensor calib = cpu.upload(SmoothImages.generate(CALIBRATION, s, random.calibration),
                     Shape.of(CALIBRATION, 1, s, s));
             TeacherMap map = new TeacherMap(cpu, random.weights, config.alphaRot(), config.alphaRef(), calib)) {
            return work.apply(cpu, map);
        }
    }

    private static Split testSplit(CpuBackend cpu, TeacherMap map, TeacherConfig config, Streams random) {
        int s = config.size();
        return split(cpu, map, SmoothImages.generate(config.testCount(), s, random.testInputs), Shape.of(1, s, s),
                config.noise(), random.testNoise, samplesPerPass(s, 1));
    }

    /** {@code inputs} with the map's outputs, plus noise, as targets; the map sees {@code samplesPerPass} at a time. */
    static Split split(CpuBackend cpu, TeacherMap map, float[] inputs, Shape image, double sigma,
                       SplittableRandom noise, int samplesPerPass) {
        float[] targets = new float[inputs.length];
        SamplePasses.forEach(cpu, inputs, image.batchOf(inputs.length / image.size()), samplesPerPass, (start, x) -> {
            try (Tensor y = map.apply(x)) {
                System.arraycopy(cpu.download(y), 0, targets, start * image.size(), y.size());
            }
        });
        for (float t : targets) {
            if (!squarable(t)) {
                throw new IllegalArgumentException("teacher: the breaking strengths make the target map's outputs"
                        + " or their squares (the loss's) overflow float32; use a smaller --alpha-rot or --alpha-ref");
            }
        }
        if (sigma > 0) {
            for (int i = 0; i < targets.length; i++) {
                targets[i] += (float) (sigma * noise.nextGaussian());
                if (!squarable(targets[i])) {
                    throw new IllegalArgumentException("teacher: noise " + sigma + " makes the targets or their"
                            + " squares (the loss's) overflow float32; use a smaller --noise");
                }
            }
        }
        return new Split(image, inputs, new Targets.Values(image, targets));
    }

    /**
     * Whether {@code t}'s square is a finite float32: the squared loss of a finite target beyond sqrt(Float.MAX_VALUE)
     * (about 1.8e19) is infinite at the first step, which would blame the learning rate.
     */
    private static boolean squarable(float t) {
        return Math.abs(t) < MAX_SQUARABLE;
    }

    private static final double MAX_SQUARABLE = Math.sqrt(Float.MAX_VALUE);
}
