package dev.jace.cli;

import dev.jace.backend.cpu.CpuBackend;
import dev.jace.cli.TrainStepWorkload.StepMode;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.train.Metrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainStepWorkloadTest {

    private static List<Metrics.Step> steps(int count, long seed, StepMode mode) {
        List<Metrics.Step> records = new ArrayList<>();
        try (CpuBackend backend = new CpuBackend();
             TrainStepWorkload workload = new TrainStepWorkload(backend, new C4(), 4, seed, mode)) {
            for (int i = 0; i < count; i++) {
                records.add(workload.step());
            }
        }
        return records;
    }

    @Test
    void stepsTrainTheP4CnnWithAceAtTheCliDefaults() {
        List<Metrics.Step> records = steps(TrainStepWorkload.BATCHES + 2, 3, StepMode.EAGER);
        for (int i = 0; i < records.size(); i++) {
            Metrics.Step step = records.get(i);
            assertEquals(i, step.step());
            assertTrue(Double.isFinite(step.loss()) && step.loss() > 0, step.toString());
            // jace train's default Adam rate, barely decayed by the cosine over the configured horizon.
            assertEquals(0.01, step.lr(), 1e-9);
            // C4 has rotations only; the relaxed lift and group conv each add their magnitude constraint.
            assertTrue(step.terms().keySet().containsAll(Set.of("output.rotation", "lift.relaxation",
                    "gconv.relaxation")), step.terms().keySet().toString());
        }
        assertEquals(Set.of("lift", "gconv"), records.getFirst().relaxation().keySet());
        assertEquals(records, steps(records.size(), 3, StepMode.EAGER));
    }

    @Test
    void capturedStepsGiveTheSameRecords() {
        int count = 2 * TrainStepWorkload.BATCHES + 2;
        assertEquals(steps(count, 4, StepMode.EAGER), steps(count, 4, StepMode.GRAPH));
    }

    @Test
    void overlappedStepsGiveTheSameRecordsOneByOneAndInRuns() {
        int count = 2 * TrainStepWorkload.BATCHES + 2;
        List<Metrics.Step> eager = steps(count, 4, StepMode.EAGER);
        assertEquals(eager, steps(count, 4, StepMode.OVERLAPPED));
        try (CpuBackend backend = new CpuBackend();
             TrainStepWorkload workload = new TrainStepWorkload(backend, new C4(), 4, 4, StepMode.OVERLAPPED)) {
            List<Metrics.Step> runs = new ArrayList<>(workload.steps(count - 3));
            runs.addAll(workload.steps(3));
            assertEquals(eager, runs);
        }
    }

    /** startStep gives the record of the step before it, the first none; finishSteps the last one's. */
    @Test
    void overlappedStepsStartedOneByOneGiveEachRecordAStepLate() {
        List<Metrics.Step> eager = steps(3, 4, StepMode.EAGER);
        try (CpuBackend backend = new CpuBackend();
             TrainStepWorkload workload = new TrainStepWorkload(backend, new C4(), 4, 4, StepMode.OVERLAPPED)) {
            assertEquals(Optional.empty(), workload.startStep());
            assertEquals(Optional.of(eager.get(0)), workload.startStep());
            assertEquals(Optional.of(eager.get(1)), workload.startStep());
            assertEquals(Optional.of(eager.get(2)), workload.finishSteps());
            assertEquals(Optional.empty(), workload.finishSteps());
        }
    }

    @Test
    void reflectionsAreConstrainedSeparatelyForD4() {
        try (CpuBackend backend = new CpuBackend();
             TrainStepWorkload workload = new TrainStepWorkload(backend, new D4(), 2, 0, StepMode.EAGER)) {
            assertTrue(workload.step().terms().containsKey("output.reflection"));
        }
    }

    @Test
    void rejectsAnEmptyBatch() {
        try (CpuBackend backend = new CpuBackend()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TrainStepWorkload(backend, new C4(), 0, 0, StepMode.EAGER));
            assertTrue(e.getMessage().contains("at least 1 image"), e.getMessage());
        }
    }
}
