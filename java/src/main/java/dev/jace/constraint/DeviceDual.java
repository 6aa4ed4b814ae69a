package dev.jace.constraint;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.DualUpdate;
import dev.jace.backend.PendingRead;

import java.util.List;

/**
 * A {@link PrimalDualLoop} whose measurements and dual update run on the device ({@link Backend#dualUpdate}), so a
 * training step needs no host round trip: the host only publishes each step's {@link DualUpdate} plan, and reads the
 * state back whenever it likes ({@link #readLater}), for example while the device runs the next step. Per step:
 * {@link PrimalDualLoop#begin}, {@link #publish}; on the device {@link #enqueue}, the primal step, {@link #enqueueUpdate};
 * then {@link #readLater} and, once read, {@link #finish}, which makes the read state the loop's. Steps may be begun
 * while earlier ones are unread; their constraints then add their gradients even if the multiplier is zero (weighted
 * by zero). Needs quantities that measure on the device ({@link ConstraintQuantity#measuresOnDevice}).
 */
public final class DeviceDual implements AutoCloseable {

    private final Backend backend;
    private final PrimalDualLoop loop;
    private final DeviceScalars plan;
    private final DeviceScalars state;

    DeviceDual(Backend backend, PrimalDualLoop loop) {
        for (Term term : loop.plan().terms()) {
            if (!term.quantity().measuresOnDevice()) {
                throw new IllegalArgumentException("the dual update cannot run on the device: quantity '"
                        + term.quantity().name() + "' is measured on the host");
            }
        }
        this.backend = backend;
        this.loop = loop;
        int terms = loop.plan().terms().size();
        this.plan = backend.scalars(DualUpdate.planSize(terms));
        try {
            this.state = backend.scalars(DualUpdate.stateSize(terms));
        } catch (RuntimeException e) {
            plan.close();
            throw e;
        }
        publishState();
    }

    private int terms() {
        return loop.plan().terms().size();
    }

    /** Copies the loop's host state to the device (at the start, and after {@link PrimalDualLoop#restoreState}). */
    public void publishState() {
        double[] values = loop.state();
        for (int i = 0; i < values.length; i++) {
            state.set(i, values[i]);
        }
        state.publish();
    }

    /** Publishes the step's plan: penalty weights, step-scheduled targets, whether it ends with a dual step. */
    public void publish(PrimalDualLoop.StepWeights weights) {
        for (int i = 0; i < weights.plan.length; i++) {
            plan.set(i, weights.plan[i]);
        }
        plan.publish();
    }

    /**
     * On the device: measures every term's c_i into the state and adds w_i·∇c_i, with w_i read on the device, for the
     * terms that {@link PrimalDualLoop.StepWeights#applies apply}. Capturable: replays read the published values.
     */
    public void enqueue(PrimalDualLoop.StepWeights weights) {
        for (int i = 0; i < terms(); i++) {
            ConstraintQuantity quantity = loop.plan().terms().get(i).quantity();
            quantity.measureInto(state.at(DualUpdate.stateBase(i) + DualUpdate.VALUE));
            if (weights.applies(i)) {
                quantity.accumulateGradient(weights.weight(i), DualUpdate.weightInPlan(weights.plan, i)
                        ? plan.at(DualUpdate.planBase(i) + DualUpdate.WEIGHT)
                        : state.at(DualUpdate.stateBase(i) + DualUpdate.MULTIPLIER));
            }
        }
        loop.completeGradients();
    }

    /** On the device, after the primal step: the penalty sum and the dual update ({@link DualUpdate}). Capturable. */
    public void enqueueUpdate() {
        backend.dualUpdate(plan, state, terms());
    }

    /** Enqueues the read of the state after {@code weights}' step (call after that step's {@link #enqueueUpdate}). */
    public PendingRead<double[]> readLater(PrimalDualLoop.StepWeights weights) {
        PendingRead<double[]> read = state.readLater();
        loop.dualStepEnqueued(weights);
        return read;
    }

    /** Makes the state read after {@code weights}' step the loop's; steps must be finished in order. */
    public PrimalDualLoop.StepReport finish(PrimalDualLoop.StepWeights weights, double[] stateAfter) {
        loop.dualStepRead(weights);
        return loop.adopt(weights, stateAfter);
    }

    /**
     * Gives up the steps of {@code unread}, enqueued but never to be {@link #finish finished} (a diverged step and
     * those after it): the loop keeps its state from before them, and the device's state is set back to it.
     */
    public void drop(List<PrimalDualLoop.StepWeights> unread) {
        unread.forEach(loop::dualStepRead);
        publishState();
    }

    @Override
    public void close() {
        plan.close();
        state.close();
    }
}
