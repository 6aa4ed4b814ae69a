package dev.jace.nn;

import dev.jace.backend.DeviceScalar;

import java.util.function.DoubleSupplier;

/**
 * A layer that relaxes a strictly equivariant layer by learnable non-equivariant parameters. At zero relaxation
 * ({@link #setStrict()}) it computes exactly (up to float rounding) what its {@link #project() projection} computes.
 */
public sealed interface Relaxation extends Layer permits AdditiveRelaxation, RelaxedGroupConvLayer {

    /** Size of the non-equivariant part; 0 exactly when the layer is strictly equivariant. */
    double magnitude();

    /**
     * {@link #magnitude()} now, read later: the reading returns the magnitude at the time of this call even after the
     * parameters change, and is valid until the next call. The magnitude is snapshot on the device, so the call does
     * not wait for the device.
     */
    DoubleSupplier measureMagnitude();

    /** Enqueues {@link #magnitude()} into {@code out} on the device (bitwise the same); capturable. */
    void measureMagnitudeInto(DeviceScalar out);

    /**
     * Adds {@code weight · ∂magnitude/∂θ} to the gradients of the relaxation parameters (accumulates), for
     * constraint and penalty terms on {@link #magnitude()}, on the device with the weight read from
     * {@code deviceWeight} (so captured work adds each later step's weight); {@code weight} is the same value.
     */
    void accumulateMagnitudeGradient(double weight, DeviceScalar deviceWeight);

    /**
     * Parameters of the non-equivariant part under this layer's local names (additive: the free branch's
     * "free.weight"; relaxed group conv: "coefficients"), e.g. for an L2 prior on the free branch.
     */
    ParameterRegistry relaxationParameters();

    /** Sets the relaxation to zero, keeping the equivariant part. */
    void setStrict();

    /**
     * The strictly equivariant layer this relaxation reduces to at zero relaxation. Ownership of the equivariant
     * parameters passes to the returned layer; this relaxation is closed and must not be used afterwards.
     */
    EquivariantConv project();
}
