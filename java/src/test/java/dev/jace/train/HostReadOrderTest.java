package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.DualAscent;
import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.testing.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A warm training step reads nothing to the host before the optimizer's update: on CUDA every {@code download} (and
 * {@code upload}, {@code synchronize}) waits for the device, so one in the middle of the step would stall it. The
 * backend calls of a step are recorded ({@link RecordingBackend}); every host read must come after
 * the last {@code adamStep}, and the step must still read its loss, metric and constraint values (after it). It
 * allocates nothing either.
 */
class HostReadOrderTest {

    private static final Backend CPU = new CpuBackend();
    /** Calls that wait for the device on CUDA. */
    private static final Set<String> WAITS = Set.of("download", "upload", "synchronize");
    private static final Shape IMAGE = Shape.of(1, 8, 8);
    private static final int BATCH = 8;
    private static final int WARM_STEPS = 4;

    @AfterAll
    static void close() {
        CPU.close();
    }

    @Test
    void c4ClassificationStepReadsOnlyAfterTheUpdate() {
        assertReadsAfterUpdate(classification(new C4()), new Task.Classification(), Method.ACE,
                "relativeDeviationWeights", "axpySign");
    }

    @Test
    void d4ClassificationStepReadsOnlyAfterTheUpdate() {
        assertReadsAfterUpdate(classification(new D4()), new Task.Classification(), Method.ACE,
                "relativeDeviationWeights", "axpySign");
    }

    @Test
    void d4RegressionStepReadsOnlyAfterTheUpdate() {
        ModelSpec spec = ModelSpec.forTraining(TaskKind.REGRESSION, new D4(), IMAGE, Method.ACE, 0);
        assertReadsAfterUpdate(spec, new Task.Regression(), Method.ACE, "relativeDeviationWeights", "axpySign");
    }

    @Test
    void rppStepReadsTheFreeBranchNormOnlyAfterTheUpdate() {
        assertReadsAfterUpdate(classification(new C4()), new Task.Classification(), Method.RPP, "axpy");
    }

    private static ModelSpec classification(Group group) {
        return ModelSpec.forTraining(TaskKind.CLASSIFICATION, group, IMAGE, Method.ACE, 3);
    }

    /** {@code gradientOps}: ops the step must call, showing that the constraint gradients were added. */
    private static void assertReadsAfterUpdate(ModelSpec spec, Task task, Method method, String... gradientOps) {
        List<String> calls = new ArrayList<>();
        boolean[] recording = {false};
        Backend recorded = RecordingBackend.of(CPU, call -> {
            if (recording[0]) {
                calls.add(call);
            }
        });
        // A dual step size of 1 makes the multipliers positive after the first step, so the warm step also adds the
        // deviation's and |γ|'s gradients (the path that used to read the deviation mid-step).
        TrainerConfig config = TrainerConfig.defaults(method, task).withEpochs(1000).withBatchSize(BATCH)
                .withProbeSamples(BATCH / 2).withSeed(5).withDual(new DualAscent(1.0, 1.0, 1));
        try (Sequential model = spec.build(recorded, 5);
             Trainer trainer = new Trainer(recorded, model, spec.symmetry(), Fixtures.randomData(spec, task, 2 * BATCH),
                     config, new Metrics.Listener() { })) {
            int[] indices = new int[BATCH];
            for (int s = 0; s <= WARM_STEPS; s++) {
                for (int i = 0; i < BATCH; i++) {
                    indices[i] = (s * BATCH + i) % (2 * BATCH);
                }
                recording[0] = s == WARM_STEPS;
                trainer.trainBatch(indices);
            }
        }
        String what = method + " " + spec.kind() + " " + spec.group().name() + ": ";
        int lastUpdate = calls.lastIndexOf("adamStep");
        assertTrue(lastUpdate > 0, what + "the step ran no adamStep: " + calls);
        for (String op : gradientOps) {
            assertTrue(calls.contains(op), what + "the step should add the constraint gradients (" + op + "): " + calls);
        }
        List<String> early = new ArrayList<>();
        int reads = 0;
        for (int i = 0; i < calls.size(); i++) {
            if (WAITS.contains(calls.get(i))) {
                if (i < lastUpdate) {
                    early.add(calls.get(i) + " at call " + i);
                }
                reads += calls.get(i).equals("download") ? 1 : 0;
            }
            if (calls.get(i).equals("readLater")) {
                reads++;
            }
        }
        assertTrue(early.isEmpty(), what + "host reads before the last adamStep (call " + lastUpdate + "): " + early);
        assertTrue(!calls.contains("allocate"), what + "a warm step should allocate nothing: " + calls);
        assertTrue(reads >= 3, what + "loss, constraint values and |γ| should be read after the update: " + calls);
    }
}
