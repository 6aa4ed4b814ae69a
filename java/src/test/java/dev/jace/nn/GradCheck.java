package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Checks a layer's forward against a reference and its backward (input and every parameter) against central finite
 * differences of {@code L = Σ r ⊙ reference(x, θ)} for a random cotangent r, on a sample of entries per tensor.
 */
final class GradCheck {

    /** A forward pass as a function of the input and the parameters (by the layer's local names). */
    @FunctionalInterface
    interface Forward {
        double[] apply(double[] x, Map<String, double[]> params);
    }

    private static final int SAMPLES = 24;

    private GradCheck() {
    }

    /**
     * Runs the check. {@code forwardTol < 0} skips the forward comparison (when {@code reference} is the layer
     * itself); {@code h} is the finite-difference step.
     */
    static void check(Backend backend, Layer layer, float[] x, Shape shape, Forward reference, double h,
                      double forwardTol, double gradTol) {
        Random random = new Random(7);
        ParameterRegistry registry = layer.parameters();
        Map<String, double[]> params = new LinkedHashMap<>();
        registry.forEach(e -> params.put(e.name(), Numerics.toDouble(backend.download(e.parameter().value()))));
        double[] xd = Numerics.toDouble(x);
        try (Tensor xt = backend.upload(x, shape)) {
            Tensor y = layer.forward(xt, true);
            float[] yv = backend.download(y);
            if (forwardTol >= 0) {
                Numerics.assertClose("forward", reference.apply(xd, params), yv, forwardTol);
            }
            double[] r = Numerics.toDouble(Numerics.randomFloats(random, yv.length));
            registry.zeroGrad(backend);
            float[] dx;
            try (Tensor rt = backend.upload(toFloat(r), y.shape())) {
                dx = backend.download(layer.backward(rt));
            }
            Map<String, float[]> grads = new LinkedHashMap<>();
            registry.forEach(e -> grads.put(e.name(), backend.download(e.parameter().grad())));

            compare("d/dx", xd, dx, random, h, gradTol, v -> Numerics.dot(r, reference.apply(v, params)));
            for (String name : params.keySet()) {
                double[] original = params.get(name);
                compare("d/d" + name, original, grads.get(name), random, h, gradTol, v -> {
                    Map<String, double[]> probe = new LinkedHashMap<>(params);
                    probe.put(name, v);
                    return Numerics.dot(r, reference.apply(xd, probe));
                });
            }
            registry.forEach(e -> upload(backend, params.get(e.name()), e.parameter().value()));
        }
    }

    private static void compare(String what, double[] at, float[] analytic, Random random, double h, double tol,
                                ToDoubleFunction<double[]> loss) {
        int n = at.length;
        int count = Math.min(n, SAMPLES);
        double[] fd = new double[count];
        float[] an = new float[count];
        double[] probe = at.clone();
        for (int s = 0; s < count; s++) {
            int i = n <= SAMPLES ? s : random.nextInt(n);
            fd[s] = Numerics.centralDifference(probe, i, loss, h);
            an[s] = analytic[i];
        }
        Numerics.assertClose(what, fd, an, tol);
    }

    /** The layer's own float32 forward (training mode) as a {@link Forward}, for layers without a reference. */
    static Forward onBackend(Backend backend, Layer layer, Shape shape) {
        return (x, params) -> {
            layer.parameters().forEach(e -> upload(backend, params.get(e.name()), e.parameter().value()));
            try (Tensor xt = backend.upload(toFloat(x), shape)) {
                return Numerics.toDouble(backend.download(layer.forward(xt, true)));
            }
        };
    }

    private static void upload(Backend backend, double[] values, Tensor dst) {
        try (Tensor t = backend.upload(toFloat(values), dst.shape())) {
            backend.copy(t, dst);
        }
    }

    static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /**
     * Distinct values spread over [−1, 1] in random order, at least {@code 2/(n+1)} apart and away from 0 (no ties, no
     * kinks): slot centres of an even number of slots, as the middle one of an odd number would be 0.
     */
    static float[] distinct(Random random, int n) {
        float[] values = new float[n];
        int slots = n + n % 2;
        for (int i = 0; i < n; i++) {
            values[i] = -1f + (2f * i + 1f) / slots;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
        return values;
    }
}
