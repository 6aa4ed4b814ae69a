package dev.jace.readme;

import dev.jace.backend.Backend;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.Method;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.group.Groups;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.train.InMemoryData;
import dev.jace.train.Metrics;
import dev.jace.train.Symmetry;
import dev.jace.train.Task;
import dev.jace.train.Trainer;
import dev.jace.train.TrainerConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's Java examples, run: each README ```java block is the code between one pair of README markers here,
 * in order, so the README cannot drift from code that compiles and passes.
 */
class ReadmeExamplesTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "test", "java", "dev", "jace", "readme",
            "ReadmeExamplesTest.java");

    // README begin
    static float[] liftD4(float[] pixels, float[] filters) {
        try (Backend cpu = new CpuBackend();
             Tensor x = cpu.upload(pixels, Shape.of(8, 1, 16, 16));
             Tensor w = cpu.upload(filters, Shape.of(4, 1, 3, 3));
             Tensor y = cpu.allocate(Shape.of(8, 4, 8, 16, 16))) {
            cpu.liftingConv(x, w, Groups.byName("d4").table(), Padding.SAME, y);   // [N, Cout, |D4|, H, W]
            return cpu.download(y);
        }
    }
    // README end

    // README begin
    /** Images [n, 1, 9, 9] and their target images, sample-major: trains ace-resilient on them. */
    static Metrics.Result train(float[] trainX, float[] trainY, float[] testX, float[] testY) {
        Group d4 = new D4();
        Shape image = Shape.of(1, 9, 9);
        RelaxationSpec relaxed = RelaxationSpec.additive(0.1f);   // a free term γ·F beside each equivariant filter
        try (Backend cpu = new CpuBackend();
             Sequential model = Sequential.builder(cpu, d4.table(), image, 1)
                     .liftingConv(4, 3, Padding.SAME, relaxed).name("lift")
                     .groupBatchNorm().relu()
                     .groupConv(1, 3, Padding.SAME, relaxed).name("gconv")
                     .groupPool(PoolMode.MEAN)
                     .build();
             Trainer trainer = new Trainer(cpu, model, new Symmetry(d4, FeatureRep.IMAGE, FeatureRep.IMAGE),
                     new InMemoryData(image, image.size(), trainX, trainY, testX, testY),
                     TrainerConfig.defaults(Method.ACE_RESILIENT, new Task.Regression()).withEpochs(6),
                     new Metrics.Listener() { })) {
            return trainer.run();   // test scores, deviation per symmetry type, discovered levels λ and u
        }
    }
    // README end

    @Test
    void readmeJavaBlocksAreTheExamplesHere() throws IOException {
        List<String> readme = blocks(Files.readString(README), Pattern.compile("```java\n(.*?)```", Pattern.DOTALL));
        List<String> here = blocks(Files.readString(SOURCE),
                Pattern.compile("\n *// README begin\n(.*?\n) *// README end", Pattern.DOTALL));
        assertEquals(here.size(), readme.size(), "README ```java blocks vs README regions of " + SOURCE);
        for (int i = 0; i < here.size(); i++) {
            assertEquals(here.get(i), readme.get(i), "README ```java block " + (i + 1) + " differs from " + SOURCE);
        }
    }

    @Test
    void liftD4MatchesFloat64Correlation() {
        SplittableRandom random = new SplittableRandom(3);
        float[] pixels = gaussian(random, 8 * 16 * 16);
        float[] filters = gaussian(random, 4 * 9);
        float[] y = liftD4(pixels, filters);
        for (int n = 0; n < 8; n++) {
            for (int o = 0; o < 4; o++) {
                for (int g = 0; g < 8; g++) {
                    double[] filter = d4Action(g, filters, o * 9);
                    for (int i = 0; i < 16; i++) {
                        for (int j = 0; j < 16; j++) {
                            double sum = 0;
                            double scale = 0;
                            for (int u = 0; u < 3; u++) {
                                for (int v = 0; v < 3; v++) {
                                    int r = i + u - 1;
                                    int c = j + v - 1;
                                    if (r >= 0 && r < 16 && c >= 0 && c < 16) {
                                        double term = pixels[n * 256 + r * 16 + c] * filter[u * 3 + v];
                                        sum += term;
                                        scale += Math.abs(term);
                                    }
                                }
                            }
                            float got = y[(((n * 4 + o) * 8 + g) * 16 + i) * 16 + j];
                            assertTrue(Math.abs(got - sum) <= 1e-6 * scale + 1e-30,
                                    "y[" + n + "," + o + "," + g + "," + i + "," + j + "] = " + got + ", want " + sum);
                        }
                    }
                }
            }
        }
    }

    @Test
    void trainLearnsTheDataAndRanksItsBrokenSymmetry() {
        // Targets x + 0.5·(x shifted down a row): the shift commutes with the mirror m but not with rotations.
        SplittableRandom random = new SplittableRandom(5);
        float[] trainX = gaussian(random, 96 * 81);
        float[] testX = gaussian(random, 32 * 81);
        Metrics.Result result = train(trainX, shiftedTarget(trainX), testX, shiftedTarget(testX));

        double before = result.epochs().getFirst().test().metric();
        double after = result.finalEvaluation().metric();
        double variance = meanSquare(shiftedTarget(testX));
        assertTrue(after < 0.5 * variance, "test mse " + after + " against target variance " + variance);
        assertTrue(after <= before, "test mse rose from " + before + " (epoch 1) to " + after);
        double rotation = result.finalEvaluation().deviation().get("rotation");
        double reflection = result.finalEvaluation().deviation().get("reflection");
        assertTrue(rotation > 0 && reflection > 0, result.finalEvaluation().toString());
        assertEquals(List.of("rotation", "reflection"), result.symmetryLevels().mostBrokenFirst(),
                result.symmetryLevels().toString());
    }

    private static List<String> blocks(String text, Pattern pattern) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(dedent(m.group(1)));
        }
        return found;
    }

    private static String dedent(String block) {
        List<String> lines = block.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString();
    }

    /** D4 element g = r^k m^f (k = g mod 4, f = g / 4) on the 3×3 filter at {@code offset}: flip, then rotate. */
    private static double[] d4Action(int g, float[] filters, int offset) {
        double[] f = new double[9];
        for (int i = 0; i < 9; i++) {
            f[i] = filters[offset + i];
        }
        if (g >= 4) {
            f = transform(f, (i, j) -> i * 3 + (2 - j));
        }
        for (int k = 0; k < g % 4; k++) {
            // numpy rot90(a, 1): out[i][j] = a[j][2 - i].
            f = transform(f, (i, j) -> j * 3 + (2 - i));
        }
        return f;
    }

    private interface Source {
        int index(int i, int j);
    }

    private static double[] transform(double[] f, Source source) {
        double[] out = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[i * 3 + j] = f[source.index(i, j)];
            }
        }
        return out;
    }

    private static float[] shiftedTarget(float[] x) {
        float[] y = x.clone();
        for (int s = 0; s < x.length / 81; s++) {
            for (int r = 1; r < 9; r++) {
                for (int c = 0; c < 9; c++) {
                    y[s * 81 + r * 9 + c] += 0.5f * x[s * 81 + (r - 1) * 9 + c];
                }
            }
        }
        return y;
    }

    private static double meanSquare(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        return sum / values.length;
    }

    private static float[] gaussian(SplittableRandom random, int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }
}
