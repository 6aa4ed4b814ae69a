package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.nn.Parameter;
import dev.jace.nn.ParameterRegistry;
import dev.jace.tensor.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Optimiser updates against hand-computed values, and its named state. */
class OptimizerTest {

    private static final Backend BACKEND = new CpuBackend();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    @Test
    void sgdWithMomentumFollowsPyTorch() {
        try (Parameter p = Parameter.of(BACKEND, "w", new float[] {1f, -2f}, Shape.of(2));
             Optimizer opt = new Optimizer(BACKEND, new OptimizerSpec.Sgd(0.1, 0.5, 0.0), ParameterRegistry.of(p))) {
            assertEquals(List.of("w.velocity"), List.copyOf(opt.state().keySet()));
            try (var g = BACKEND.upload(new float[] {1f, 1f}, Shape.of(2))) {
                BACKEND.copy(g, p.grad());
            }
            opt.step(0.1);
            opt.step(0.1);
            // v1 = g, v2 = 0.5 g + g = 1.5 g; p = p0 - 0.1 (1 + 1.5) g
            assertArrayEquals(new float[] {0.75f, -2.25f}, BACKEND.download(p.value()), 1e-6f);
            assertEquals(2, opt.steps());
        }
    }

    @Test
    void adamFirstStepMovesByLr() {
        try (Parameter p = Parameter.of(BACKEND, "w", new float[] {1f, -2f}, Shape.of(2));
             Optimizer opt = new Optimizer(BACKEND, OptimizerSpec.Adam.withLr(0.01), ParameterRegistry.of(p))) {
            assertEquals(List.of("w.m", "w.v"), List.copyOf(opt.state().keySet()));
            try (var g = BACKEND.upload(new float[] {3f, -0.5f}, Shape.of(2))) {
                BACKEND.copy(g, p.grad());
            }
            opt.step(0.01);
            assertArrayEquals(new float[] {0.99f, -1.99f}, BACKEND.download(p.value()), 1e-6f);
        }
    }

    /**
     * Several Adam steps with other β₁, β₂, ε and a weight decay, against a float64 reference: from step 2 on the bias
     * corrections 1 − β^t change the step's size, which the first step (lr·sign(g) whatever the βs) cannot show.
     */
    @Test
    void adamStepsFollowAFloat64ReferenceWithBiasCorrection() {
        double lr = 0.05, beta1 = 0.8, beta2 = 0.95, eps = 1e-3, decay = 0.1;
        double[][] grads = {{3, -0.2}, {-1, 0.4}, {0.5, 0.1}, {2, -3}, {-4, 0.05}, {0.25, 1}};
        double[] x = {1, -2};
        double[] m = new double[2];
        double[] v = new double[2];
        try (Parameter p = Parameter.of(BACKEND, "w", new float[] {1f, -2f}, Shape.of(2));
             Optimizer opt = new Optimizer(BACKEND, new OptimizerSpec.Adam(lr, beta1, beta2, eps, decay),
                     ParameterRegistry.of(p))) {
            for (int t = 1; t <= grads.length; t++) {
                float[] g = new float[2];
                for (int i = 0; i < 2; i++) {
                    g[i] = (float) grads[t - 1][i];
                    double gi = g[i] + decay * x[i];
                    m[i] = beta1 * m[i] + (1 - beta1) * gi;
                    v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                    double mHat = m[i] / (1 - Math.pow(beta1, t));
                    double vHat = v[i] / (1 - Math.pow(beta2, t));
                    x[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                }
                try (var grad = BACKEND.upload(g, Shape.of(2))) {
                    BACKEND.copy(grad, p.grad());
                }
                opt.step(lr);
                float[] got = BACKEND.download(p.value());
                for (int i = 0; i < 2; i++) {
                    assertEquals(x[i], got[i], 1e-6, "step " + t + ", element " + i);
                }
            }
        }
    }

    @Test
    void badHyperParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new OptimizerSpec.Sgd(0, 0.9, 0));
        assertThrows(IllegalArgumentException.class, () -> new OptimizerSpec.Adam(1e-3, 1.0, 0.999, 1e-8, 0));
    }

    @Test
    void nanAndInfiniteHyperParametersAreRejected() {
        double nan = Double.NaN, inf = Double.POSITIVE_INFINITY;
        for (double[] sgd : new double[][] {{nan, 0.9, 0}, {inf, 0.9, 0}, {0.1, nan, 0}, {0.1, 0.9, nan},
                {0.1, 0.9, inf}}) {
            assertThrows(IllegalArgumentException.class, () -> new OptimizerSpec.Sgd(sgd[0], sgd[1], sgd[2]),
                    Arrays.toString(sgd));
        }
        for (double[] adam : new double[][] {{inf, 0.9, 0.999, 1e-8, 0}, {1e-3, nan, 0.999, 1e-8, 0},
                {1e-3, 0.9, nan, 1e-8, 0}, {1e-3, 0.9, 0.999, nan, 0}, {1e-3, 0.9, 0.999, inf, 0},
                {1e-3, 0.9, 0.999, 1e-8, nan}, {1e-3, 0.9, 0.999, 1e-8, inf}}) {
            assertThrows(IllegalArgumentException.class,
                    () -> new OptimizerSpec.Adam(adam[0], adam[1], adam[2], adam[3], adam[4]),
                    Arrays.toString(adam));
        }
        assertDoesNotThrow(() -> new OptimizerSpec.Sgd(1e30, 0.0, 0.0));
        assertDoesNotThrow(() -> new OptimizerSpec.Adam(1e-3, 0.0, 0.0, 1e-8, 1e-4));
    }
}
