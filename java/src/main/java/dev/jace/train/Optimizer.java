package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.nn.ParameterRegistry;
import dev.jace.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies an {@link OptimizerSpec} to every parameter of a registry with the backend's fused update ops. Owns one
 * state tensor per parameter for SGD ("name.velocity") and two for Adam ("name.m", "name.v"), all starting at zero;
 * {@link #state()} exposes them under those names for checkpoints.
 */
public final class Optimizer implements AutoCloseable {

    private final Backend backend;
    private final OptimizerSpec spec;
    private final ParameterRegistry parameters;
    private final Map<String, Tensor> state = new LinkedHashMap<>();
    private int steps;

    public Optimizer(Backend backend, OptimizerSpec spec, ParameterRegistry parameters) {
        this.backend = backend;
        this.spec = spec;
        this.parameters = parameters;
        for (ParameterRegistry.Entry e : parameters) {
            for (String slot : slots()) {
                state.put(e.name() + "." + slot, backend.allocate(e.parameter().shape()));
            }
        }
    }

    private String[] slots() {
        return switch (spec) {
            case OptimizerSpec.Sgd s -> new String[] {"velocity"};
            case OptimizerSpec.Adam a -> new String[] {"m", "v"};
        };
    }

    public OptimizerSpec spec() {
        return spec;
    }

    /** Number of updates applied so far (Adam's bias-correction step is {@code steps() + 1} for the next one). */
    public int steps() {
        return steps;
    }

    /** Sets the update count, e.g. when restoring a checkpoint together with {@link #state()}. */
    public void setSteps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("optimizer step count must be >= 0, got " + steps);
        }
        this.steps = steps;
    }

    /** State tensors by name; owned by this optimizer (copy into them to restore). */
    public Map<String, Tensor> state() {
        return Collections.unmodifiableMap(state);
    }

    /** One update of every parameter from its accumulated gradient, with learning rate {@code lr}. */
    public void step(double lr) {
        steps++;
        for (ParameterRegistry.Entry e : parameters) {
            Tensor p = e.parameter().value();
            Tensor g = e.parameter().grad();
            switch (spec) {
                case OptimizerSpec.Sgd s -> backend.sgdStep(p, g, state.get(e.name() + ".velocity"), (float) lr,
                        (float) s.momentum(), (float) s.weightDecay());
                case OptimizerSpec.Adam a -> backend.adamStep(p, g, state.get(e.name() + ".m"),
                        state.get(e.name() + ".v"), (float) lr, (float) a.beta1(), (float) a.beta2(), (float) a.eps(),
                        (float) a.weightDecay(), steps);
            }
        }
    }

    @Override
    public void close() {
        state.values().forEach(Tensor::close);
    }
}
