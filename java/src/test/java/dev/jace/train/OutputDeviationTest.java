package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.SymmetryType;
import dev.jace.nn.Parameter;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
