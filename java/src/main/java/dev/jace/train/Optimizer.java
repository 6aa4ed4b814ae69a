package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.OwnedResources;
import dev.jace.nn.ParameterRegistry;
import dev.jace.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies an {@link OptimizerSpec} to every parameter of a registry with the backend's fused update ops. Owns one
 * state tensor per parameter for SGD ("name.velocity") and two for Adam ("name.m", "name.v"), all starting at zero;
 * {@link #state()} exposes them under those names for checkpoints.
 *
 * <p>An update is split in two so that its device part can be captured once and replayed ({@code Backend.capture}):
 * {@link #prepare} counts the update and publishes its learning rate (and Adam's bias corrections) as device scalars,
 * {@link #update} enqueues the update ops, which read them on the device. {@link #step} does both.
 */
public final class Optimizer implements AutoCloseable {

    private final Backend backend;
    private final OptimizerSpec spec;
    private final ParameterRegistry parameters;
    private final Map<String, Tensor> state = new LinkedHashMap<>();
    /** The state tensors and the scalars, closed together (also when the constructor fails part way). */
    private final OwnedResources owned = new OwnedResources();
    /** The learning rate, then (Adam) the two bias corrections 1 − β^t of the prepared update. */
    private final DeviceScalars scalars;
    private int steps;

    public Optimizer(Backend backend, OptimizerSpec spec, ParameterRegistry parameters) {
        this.backend = backend;
        this.spec = spec;
        this.parameters = parameters;
        try {
            for (ParameterRegistry.Entry e : parameters) {
                for (String slot : slots()) {
                    state.put(e.name() + "." + slot, owned.own(backend.allocate(e.parameter().shape())));
                }
            }
            this.scalars = owned.own(backend.scalars(spec instanceof OptimizerSpec.Adam ? 3 : 1));
        } catch (RuntimeException | Error e) {
            owned.closeAfter(e);
            throw e;
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
        prepare(lr);
        update();
    }

    /**
     * Host part of the next update: counts it and publishes its learning rate (used as {@code (float) lr}, like
     * {@link #step}) and, for Adam, the bias corrections {@code 1 − β₁^t}, {@code 1 − β₂^t} of its step t.
     */
    public void prepare(double lr) {
        steps++;
        scalars.set(0, lr);
        if (spec instanceof OptimizerSpec.Adam a) {
            scalars.set(1, 1 - Math.pow((float) a.beta1(), steps));
            scalars.set(2, 1 - Math.pow((float) a.beta2(), steps));
        }
        scalars.publish();
    }

    /** Device part: enqueues the update of every parameter prepared by the last {@link #prepare}. */
    public void update() {
        for (ParameterRegistry.Entry e : parameters) {
            Tensor p = e.parameter().value();
            Tensor g = e.parameter().grad();
            switch (spec) {
                case OptimizerSpec.Sgd s -> backend.sgdStep(p, g, state.get(e.name() + ".velocity"), scalars.at(0),
                        (float) s.momentum(), (float) s.weightDecay());
                case OptimizerSpec.Adam a -> backend.adamStep(p, g, state.get(e.name() + ".m"),
                        state.get(e.name() + ".v"), scalars.at(0), scalars.at(1), scalars.at(2), (float) a.beta1(),
                        (float) a.beta2(), (float) a.eps(), (float) a.weightDecay());
            }
        }
    }

    @Override
    public void close() {
        owned.close();
    }
}
