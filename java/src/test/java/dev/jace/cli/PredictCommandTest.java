package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.C4;
import dev.jace.io.FloatArray;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.RecordingBackend;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** predict's forward passes: a bounded number of samples each, and the same outputs whatever that number. */
class PredictCommandTest {

    private static final int SAMPLES = 7;
    private static final Shape SAMPLE = Shape.of(1, 6, 6);

    @Test
    void eachForwardPassTakesAtMostBatchSamplesAndTheOutputsDoNotDependOnIt() {
        try (Backend cpu = new CpuBackend();
             Sequential model = Sequential.builder(cpu, new C4().table(), SAMPLE, 3)
                     .liftingConv(2, 3, Padding.SAME, RelaxationSpec.additive(0.2f)).groupBatchNorm().relu()
                     .groupPool(PoolMode.MEAN).build()) {
            float[] values = new float[SAMPLES * SAMPLE.size()];
            SplittableRandom random = new SplittableRandom(5);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextDouble(-1, 1);
            }
            FloatArray x = new FloatArray(Shape.of(SAMPLES, 1, 6, 6), values);
            float[] direct;
            try (Tensor in = cpu.upload(values, x.shape())) {
                direct = cpu.download(model.forward(in, false));
            }
            FloatArray whole = PredictCommand.forwardInBatches(cpu, model, x, SAMPLES, done -> { });
            assertEquals(Shape.of(SAMPLES, 2, 6, 6), whole.shape());
            assertArrayEquals(direct, whole.values());
            for (int batch : new int[] {1, 3, SAMPLES + 1}) {
                List<String> calls = new ArrayList<>();
                List<Integer> done = new ArrayList<>();
                FloatArray batched = PredictCommand.forwardInBatches(RecordingBackend.of(cpu, calls::add), model, x,
                        batch, done::add);
                assertEquals(whole.shape(), batched.shape());
                assertArrayEquals(whole.values(), batched.values(), "batch " + batch);
                assertEquals((SAMPLES + batch - 1) / batch, calls.stream().filter("upload"::equals).count(),
                        "passes of at most " + batch + " samples");
                assertEquals(IntStream.iterate(batch, n -> n < SAMPLES + batch, n -> n + batch)
                        .map(n -> Math.min(n, SAMPLES)).boxed().toList(), done, "samples through after each pass");
            }
        }
    }
}
