package dev.jace.testing;

import dev.jace.backend.Backend;
import dev.jace.backend.CapturedWork;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.DualUpdate;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.List;

/**
 * Steps of the dual update as a training step runs it on a backend: each term's measured value is copied into a
 * one-element tensor and written into the state by {@link Backend#sumToScalar}, the plan is published and
 * {@link Backend#dualUpdate} runs, eagerly or, after {@link #capture}, by replaying the captured work.
 * {@link #hostStep} is the same step on host arrays.
 */
public final class DualUpdateSteps implements AutoCloseable {

    private final Backend backend;
    private final int terms;
    private final DeviceScalars plan;
    private final DeviceScalars state;
    private final Tensor[] values;
    private CapturedWork captured;

    public DualUpdateSteps(Backend backend, int terms, double[] initialState) {
        this.backend = backend;
        this.terms = terms;
        this.plan = backend.scalars(DualUpdate.planSize(terms));
        this.state = backend.scalars(DualUpdate.stateSize(terms));
        for (int i = 0; i < initialState.length; i++) {
            state.set(i, initialState[i]);
        }
        state.publish();
        this.values = new Tensor[terms];
        for (int t = 0; t < terms; t++) {
            values[t] = backend.allocate(Shape.of(1));
        }
    }

    /** From now on a step replays the work captured here instead of enqueuing it. */
    public void capture() {
        captured = backend.capture(this::enqueue);
    }

    private void enqueue() {
        for (int t = 0; t < terms; t++) {
            backend.sumToScalar(List.of(values[t]), false, 1.0,
                    state.at(DualUpdate.stateBase(t) + DualUpdate.VALUE));
        }
        backend.dualUpdate(plan, state, terms);
    }

    /** Runs one step with {@code planValues} and the terms' {@code measured} values; returns the state after it. */
    public double[] step(double[] planValues, float[] measured) {
        for (int t = 0; t < terms; t++) {
            backend.copyIn(new float[] {measured[t]}, values[t]);
        }
        for (int i = 0; i < planValues.length; i++) {
            plan.set(i, planValues[i]);
        }
        plan.publish();
        if (captured == null) {
            enqueue();
        } else {
            captured.replay();
        }
        return state.read();
    }

    /** {@link #step} on host arrays: each value as sumToScalar writes it, then {@link DualUpdate#apply}. */
    public static void hostStep(double[] plan, double[] state, float[] measured) {
        for (int t = 0; t < measured.length; t++) {
            state[DualUpdate.stateBase(t) + DualUpdate.VALUE] = 1.0 * (0.0 + (double) measured[t]);
        }
        DualUpdate.apply(plan, state, measured.length);
    }

    @Override
    public void close() {
        if (captured != null) {
            captured.close();
        }
        plan.close();
        state.close();
        for (Tensor t : values) {
            t.close();
        }
    }
}
