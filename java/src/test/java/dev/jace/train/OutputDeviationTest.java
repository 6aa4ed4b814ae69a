package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.SymmetryType;
import dev.jace.nn.Parameter;
import dev.jace.nn.ParameterRegistry;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The output-deviation quantity: values and gradient against float32 central differences. */
class OutputDeviationTest {

    private static final Backend BACKEND = new CpuBackend();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    @Test
    void strictModelHasNoDeviationAndRelaxedOneHasSome() {
        try (Sequential strict = Fixtures.model(BACKEND, 3, RelaxationSpec.none());
             Sequential relaxed = Fixtures.model(BACKEND, 3, RelaxationSpec.additive(0.5f));
             Tensor x = BACKEND.upload(Fixtures.randomImages(4, 5), Shape.of(4, 1, 9, 9))) {
            for (SymmetryType type : new SymmetryType[] {SymmetryType.ROTATION, SymmetryType.REFLECTION}) {
                assertTrue(measure(strict, x, type) < 1e-10);
                assertTrue(measure(relaxed, x, type) > 1e-3);
            }
        }
    }

    private static double measure(Sequential model, Tensor x, SymmetryType type) {
        try (DeviationProbe probe = new DeviationProbe(BACKEND, model, Fixtures.D4_GROUP, Fixtures.SYMMETRY.input(),
                Fixtures.SYMMETRY.output())) {
            probe.setBatch(x);
            return new OutputDeviation(probe, type).value();
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        try (Sequential model = Fixtures.model(BACKEND, 3, RelaxationSpec.additive(0.5f));
             Tensor x = BACKEND.upload(Fixtures.randomImages(3, 6), Shape.of(3, 1, 9, 9));
             DeviationProbe probe = new DeviationProbe(BACKEND, model, Fixtures.D4_GROUP, Fixtures.SYMMETRY.input(),
                     Fixtures.SYMMETRY.output());
             DeviceScalars weight = BACKEND.scalars(1)) {
            weight.set(0, 2.0);
            weight.publish();
            OutputDeviation rotation = new OutputDeviation(probe, SymmetryType.ROTATION);
            for (String name : new String[] {"lift.free.weight", "gconv.gamma", "gconv.weight"}) {
                Parameter p = model.parameters().get(name);
                model.zeroGrad();
                probe.setBatch(x);
                rotation.value();
                rotation.accumulateGradient(2.0, weight.at(0));
                rotation.completeGradient();
                float[] analytic = BACKEND.download(p.grad());
                float[] values = BACKEND.download(p.value());
                double h = 1e-2;
                for (int i = 0; i < Math.min(values.length, 6); i++) {
                    double plus = valueWith(probe, rotation, p, values, i, h, x);
                    double minus = valueWith(probe, rotation, p, values, i, -h, x);
                    double fd = 2.0 * (plus - minus) / (2 * h);
                    assertEquals(fd, analytic[i], 2e-2 * Math.abs(fd) + 1e-4, name + "[" + i + "]");
                }
                try (Tensor restore = BACKEND.upload(values, p.shape())) {
                    BACKEND.copy(restore, p.value());
                }
            }
        }
    }

    /**
     * Rotation and reflection accumulated, then completed once, run one model backward (as many filter gradients as
     * one type alone, not twice as many) and give the sum of the two types' gradients taken one at a time, to float32
     * rounding.
     */
    @Test
    void typesAccumulatedTogetherShareOneBackwardAndSumTheirGradients() {
        int[] backwardCalls = new int[1];
        Backend counting = RecordingBackend.of(BACKEND,
                call -> backwardCalls[0] += call.endsWith("BackwardFilter") ? 1 : 0);
        try (Sequential model = Fixtures.model(counting, 3, RelaxationSpec.additive(0.5f));
             Tensor x = counting.upload(Fixtures.randomImages(3, 7), Shape.of(3, 1, 9, 9));
             DeviationProbe probe = new DeviationProbe(counting, model, Fixtures.D4_GROUP, Fixtures.SYMMETRY.input(),
                     Fixtures.SYMMETRY.output());
             DeviceScalars weights = counting.scalars(2)) {
            weights.set(0, 2.0);
            weights.set(1, 0.75);
            weights.publish();
            OutputDeviation rotation = new OutputDeviation(probe, SymmetryType.ROTATION);
            OutputDeviation reflection = new OutputDeviation(probe, SymmetryType.REFLECTION);
            double[][] separate = new double[2][];
            int[] filterGradients = new int[2];
            OutputDeviation[] types = {rotation, reflection};
            for (int t = 0; t < 2; t++) {
                model.zeroGrad();
                probe.setBatch(x);
                types[t].value();
                backwardCalls[0] = 0;
                types[t].accumulateGradient(0, weights.at(t));
                types[t].completeGradient();
                filterGradients[t] = backwardCalls[0];
                separate[t] = gradients(model);
            }
            model.zeroGrad();
            probe.setBatch(x);
            rotation.value();
            backwardCalls[0] = 0;
            rotation.accumulateGradient(0, weights.at(0));
            reflection.accumulateGradient(0, weights.at(1));
            assertEquals(0, backwardCalls[0], "no backward before completion");
            rotation.completeGradient();
            reflection.completeGradient();
            assertTrue(filterGradients[0] > 0 && filterGradients[1] == filterGradients[0]);
            assertEquals(filterGradients[0], backwardCalls[0], "one model backward for both types");
            double[] together = gradients(model);
            double scale = 0;
            for (int i = 0; i < together.length; i++) {
                scale = Math.max(scale, Math.abs(separate[0][i]) + Math.abs(separate[1][i]));
            }
            assertTrue(scale > 1e-3, "the relaxed model has a deviation gradient");
            for (int i = 0; i < together.length; i++) {
                assertEquals(separate[0][i] + separate[1][i], together[i], 1e-5 * scale, "gradient " + i);
            }

            rotation.accumulateGradient(0, weights.at(0));
            probe.setBatch(x);
            IllegalStateException e = assertThrows(IllegalStateException.class, rotation::value);
            assertTrue(e.getMessage().contains("completeGradient"), e.getMessage());
        }
    }

    /** Every parameter gradient of {@code model}, concatenated in parameter order. */
    private static double[] gradients(Sequential model) {
        List<Double> all = new ArrayList<>();
        for (ParameterRegistry.Entry e : model.parameters()) {
            for (float g : BACKEND.download(e.parameter().grad())) {
                all.add((double) g);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double valueWith(DeviationProbe probe, OutputDeviation q, Parameter p, float[] values, int i,
                                    double h, Tensor x) {
        float[] shifted = values.clone();
        shifted[i] = (float) (values[i] + h);
        try (Tensor t = BACKEND.upload(shifted, p.shape())) {
            BACKEND.copy(t, p.value());
        }
        probe.setBatch(x);
        return q.value();
    }
}
