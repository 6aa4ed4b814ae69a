package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.Groups;
import dev.jace.tensor.Tensor;
import dev.jace.testing.FailingAllocations;
import dev.jace.testing.Numerics;
import dev.jace.testing.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Magnitudes, their gradients, setStrict and project of single relaxed layers. */
class RelaxationTest {

    private static final Backend BACKEND = new CpuBackend();
    private static final GroupTable GROUP = Groups.byName("d4").table();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    @Test
    void relaxationsRefuseNonFiniteSettings() {
        assertEquals("additive relaxation: the initial γ must be finite, got NaN", assertThrows(
                IllegalArgumentException.class, () -> RelaxationSpec.additive(Float.NaN)).getMessage());
        assertEquals("basis relaxation: the coefficient noise must be finite and at least 0, got -0.5", assertThrows(
                IllegalArgumentException.class, () -> RelaxationSpec.basis(2, -0.5f)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RelaxationSpec.basis(2, Float.POSITIVE_INFINITY));
    }

    @Test
    void additiveMagnitudeIsAbsGammaWithSignGradient() {
        LiftingConvLayer eq = new LiftingConvLayer(BACKEND, GROUP, 1, 2, 3, Padding.SAME, new Random(1));
        try (AdditiveRelaxation layer = new AdditiveRelaxation(BACKEND, eq, -0.25f, new Random(2))) {
            assertEquals(0.25, layer.magnitude(), 1e-7);
            try (DeviceScalars weight = BACKEND.scalars(1)) {
                weight.set(0, 3.0);
                weight.publish();
                layer.accumulateMagnitudeGradient(3.0, weight.at(0));
            }
            assertArrayEquals(new float[] {-3f}, BACKEND.download(layer.gamma().grad()));
            layer.setStrict();
            assertEquals(0.0, layer.magnitude());
            assertSame(eq, layer.project());
            assertThrows(IllegalStateException.class, layer::magnitude);
            eq.close();
        }
    }

    @Test
    void relaxedMagnitudeIsSpreadWithMatchingGradient() {
        try (RelaxedGroupConvLayer layer = new RelaxedGroupConvLayer(BACKEND, GROUP, 1, 2, 3, Padding.SAME, 2, 0.5f,
                new Random(3))) {
            double[] a = Numerics.toDouble(BACKEND.download(layer.coefficients().value()));
            double[] fd = Numerics.finiteDifference(a, RelaxationTest::spread, 1e-6);
            assertEquals(spread(a), layer.magnitude(), 1e-6);
            try (DeviceScalars weight = BACKEND.scalars(1)) {
                weight.set(0, 0.5);
                weight.publish();
                layer.accumulateMagnitudeGradient(0.5, weight.at(0));
            }
            float[] grad = BACKEND.download(layer.coefficients().grad());
            for (int i = 0; i < fd.length; i++) {
                fd[i] *= 0.5;
            }
            Numerics.assertClose("d magnitude / d a", fd, grad, 1e-5);
            layer.setStrict();
            assertEquals(0.0, layer.magnitude(), 1e-12);
        }
    }

    @Test
    void relaxedProjectReleasesTheRelaxationAndKeepsTheBias() {
        RelaxedGroupConvLayer layer = new RelaxedGroupConvLayer(BACKEND, GROUP, 1, 2, 3, Padding.SAME, 2, 0.5f,
                new Random(5));
        Tensor coefficients = layer.coefficients().value();
        Tensor bias = layer.parameters().get("bias").value();
        try (GroupConvLayer strict = layer.project()) {
            assertTrue(coefficients.isClosed(), "project() left the coefficients allocated");
            assertFalse(bias.isClosed(), "the projected layer's bias was closed");
            assertSame(bias, strict.parameters().get("bias").value());
            assertEquals("RelaxedGroupConvLayer used after close() or project()",
                    assertThrows(IllegalStateException.class, layer::project).getMessage());
            layer.close();
            assertFalse(bias.isClosed(), "closing the projected-away layer closed the bias it gave away");
        }
    }

    /** A projection that fails after making its weight closes that weight, and the relaxed layer stays whole. */
    @Test
    void aFailedProjectionClosesTheWeightItMade() {
        boolean[] failing = {false};
        FailingAllocations allocations = FailingAllocations.failingAt(RecordingBackend.of(BACKEND, call -> {
            if (failing[0] && call.equals("axpy")) {
                throw new IllegalStateException("axpy failed");
            }
        }), 0);
        RelaxedGroupConvLayer layer = new RelaxedGroupConvLayer(allocations.backend(), GROUP, 1, 2, 3, Padding.SAME,
                2, 0.5f, new Random(5));
        int made = allocations.made().size();
        failing[0] = true;
        assertEquals("axpy failed", assertThrows(IllegalStateException.class, layer::project).getMessage());
        assertEquals(made + 2, allocations.made().size(), "the weight's value and gradient");
        assertEquals(allocations.made().subList(0, made), allocations.open());
        assertTrue(layer.magnitude() > 0, "the relaxed layer is still usable");
        layer.close();
        assertEquals(List.of(), allocations.open());
    }

    /**
     * The spread computed on the device: the value written into a device scalar equals
     * {@link RelaxedGroupConvLayer#magnitude()} bitwise, and a reading keeps the value of its time after the
     * coefficients change (doubling them quadruples it).
     */
    @Test
    void relaxedMagnitudeOnTheDeviceMatchesTheReadAndKeepsItsSnapshot() {
        try (RelaxedGroupConvLayer layer = new RelaxedGroupConvLayer(BACKEND, GROUP, 1, 2, 3, Padding.SAME, 2, 0.5f,
                new Random(4));
             DeviceScalars out = BACKEND.scalars(1)) {
            double now = layer.magnitude();
            assertTrue(now > 1e-3, "noise 0.5 spreads the coefficients: " + now);
            DoubleSupplier reading = layer.measureMagnitude();
            layer.measureMagnitudeInto(out.at(0));
            assertEquals(now, out.read()[0]);
            BACKEND.axpy(1f, layer.coefficients().value(), layer.coefficients().value());
            assertEquals(now, reading.getAsDouble());
            assertEquals(4 * now, layer.magnitude(), 1e-6 * now);
        }
    }

    /** {@code Σ_k Σ_g (a_k(g) − mean_g a_k)²} for a {@code [2, |G|]} coefficient array. */
    private static double spread(double[] a) {
        int order = GROUP.order();
        double s = 0;
        for (int k = 0; k < a.length / order; k++) {
            double mean = 0;
            for (int g = 0; g < order; g++) {
                mean += a[k * order + g] / order;
            }
            for (int g = 0; g < order; g++) {
                double d = a[k * order + g] - mean;
                s += d * d;
            }
        }
        return s;
    }
}
