package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.Groups;
import dev.jace.nn.AdditiveRelaxation;
import dev.jace.nn.LiftingConvLayer;
import dev.jace.nn.Parameter;
import dev.jace.nn.RelaxedGroupConvLayer;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RPP prior's quantity acts on each relaxation's non-equivariant part as it reaches the output. */
class FreeBranchL2Test {

    private static final Backend BACKEND = new CpuBackend();
    private static final GroupTable D4 = Groups.byName("d4").table();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    /** ½‖γ·F‖², so that γ cannot grow while F shrinks under the prior; its gradients γ²F and γ‖F‖². */
    @Test
    void additivePriorIsOnTheScaledFreeFilter() {
        double gamma = -0.75;
        LiftingConvLayer strict = new LiftingConvLayer(BACKEND, D4, 1, 2, 3, Padding.SAME, new Random(1));
        try (AdditiveRelaxation layer = new AdditiveRelaxation(BACKEND, strict, (float) gamma, new Random(2));
             FreeBranchL2 prior = new FreeBranchL2(BACKEND, "lift", layer);
             DeviceScalars weight = BACKEND.scalars(1)) {
            Parameter free = layer.parameters().get("free.weight");
            double[] f = Numerics.toDouble(BACKEND.download(free.value()));
            double squares = 0;
            for (double v : f) {
                squares += v * v;
            }
            assertEquals(0.5 * gamma * gamma * squares, prior.value(), 1e-6 * squares);
            weight.set(0, 2.0);
            weight.publish();
            prior.accumulateGradient(2.0, weight.at(0));
            double[] expected = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                expected[i] = 2.0 * gamma * gamma * f[i];
            }
            Numerics.assertClose("d prior / d F", expected, BACKEND.download(free.grad()), 1e-6);
            assertEquals(2.0 * gamma * squares, BACKEND.download(layer.gamma().grad())[0], 1e-6 * squares);
        }
    }

    /** ½Σ(a − mean_g a)²: a strictly equivariant layer carries no prior, and the gradient keeps each group mean. */
    @Test
    void relaxedGroupConvPriorIsOnTheCoefficientsSpread() {
        try (RelaxedGroupConvLayer equivariant = new RelaxedGroupConvLayer(BACKEND, D4, 1, 2, 3, Padding.SAME, 2, 0f,
                new Random(3));
             FreeBranchL2 prior = new FreeBranchL2(BACKEND, "gconv", equivariant)) {
            assertTrue(prior.value() < 1e-12, "a strictly equivariant layer's prior is " + prior.value());
        }
        try (RelaxedGroupConvLayer layer = new RelaxedGroupConvLayer(BACKEND, D4, 1, 2, 3, Padding.SAME, 2, 0.5f,
                new Random(4));
             FreeBranchL2 prior = new FreeBranchL2(BACKEND, "gconv", layer);
             DeviceScalars weight = BACKEND.scalars(1)) {
            double[] a = Numerics.toDouble(BACKEND.download(layer.coefficients().value()));
            double[] deviation = new double[a.length];
            double squares = 0;
            for (int k = 0; k < a.length / D4.order(); k++) {
                double mean = 0;
                for (int g = 0; g < D4.order(); g++) {
                    mean += a[k * D4.order() + g] / D4.order();
                }
                for (int g = 0; g < D4.order(); g++) {
                    int i = k * D4.order() + g;
                    deviation[i] = a[i] - mean;
                    squares += deviation[i] * deviation[i];
                }
            }
            assertEquals(0.5 * squares, prior.value(), 1e-6 * squares);
            weight.set(0, 3.0);
            weight.publish();
            prior.accumulateGradient(3.0, weight.at(0));
            for (int i = 0; i < a.length; i++) {
                deviation[i] *= 3.0;
            }
            Numerics.assertClose("d prior / d a", deviation, BACKEND.download(layer.coefficients().grad()), 1e-5);
        }
    }
}
