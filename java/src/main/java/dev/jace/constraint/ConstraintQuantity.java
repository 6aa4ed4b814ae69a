package dev.jace.constraint;

import dev.jace.backend.DeviceScalar;

import java.util.function.DoubleSupplier;

/**
 * A differentiable scalar c(θ) measured on the current batch. Implemented above {@code nn}, by whoever owns the model;
 * this package only reads values and asks for weighted gradients.
 */
public interface ConstraintQuantity {

    /** Unique within a plan, e.g. "output.rotation" or "layer2.gamma". */
    String name();

    /** Symmetry type label, e.g. "rotation" or "reflection"; {@link #NO_SYMMETRY} for the free-branch L2. */
    String symmetryType();

    String NO_SYMMETRY = "none";

    QuantityKind kind();

    /** c(θ) on the current batch, read now. */
    double value();

    /**
     * Starts measuring c(θ) on the current batch and returns the reading: {@link PrimalDualLoop#enqueue} calls this
     * once per step, before {@link #accumulateGradient}, and {@link PrimalDualLoop#finish} reads the value only after
     * the primal step, so a quantity that lives on the device can leave it there until then (the reading keeps the
     * value of the parameters at measure time). A reading is valid until the next {@code measure}. When the step's
     * device work is captured and replayed, the reading taken at capture is read after every replay, so a device
     * quantity's reading must read the device values each time it is read. The default reads {@link #value()} at once.
     */
    default DoubleSupplier measure() {
        double value = value();
        return () -> value;
    }

    /** Whether {@link #measureInto} works: the quantity is computed on the device without reading to the host. */
    default boolean measuresOnDevice() {
        return false;
    }

    /**
     * Enqueues the measurement of c(θ) on the current batch into {@code out}, on the device (for a dual update that
     * runs there, see {@link DeviceDual}); capturable. Only when {@link #measuresOnDevice}.
     */
    default void measureInto(DeviceScalar out) {
        throw new UnsupportedOperationException("quantity '" + name() + "' is measured on the host only");
    }

    /**
     * Adds {@code weight · ∂c/∂θ} to the parameter gradients (accumulates, never overwrites). {@code deviceWeight} holds
     * the same value in device memory: device work should read it there, so that work captured once adds each later
     * step's weight; host-side implementations use {@code weight}. When the dual update runs on the device
     * ({@link DeviceDual}) {@code weight} may be an earlier step's, so quantities that {@link #measuresOnDevice} must
     * use {@code deviceWeight}.
     */
    void accumulateGradient(double weight, DeviceScalar deviceWeight);

    /**
     * Finishes adding what this step's {@link #accumulateGradient} calls asked for: called after every quantity of the
     * plan has accumulated, before the gradients are used. Quantities that share work may defer it to here, such as
     * the output deviation of each symmetry type, whose gradients go through one model backward. Several quantities
     * may finish the same shared work, so a second call does nothing. The default does nothing.
     */
    default void completeGradient() {
    }
}
