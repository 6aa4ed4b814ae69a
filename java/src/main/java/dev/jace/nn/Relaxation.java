package dev.jace.nn;

import dev.jace.backend.DeviceScalar;
import dev.jace.tensor.Tensor;

import java.util.function.DoubleSupplier;

/**
 * A layer that relaxes a strictly equivariant layer by learnable non-equivariant parameters. At zero relaxation
 * ({@link #setStrict()}) it computes exactly (up to float rounding) what its {@link #project() projection} computes.
 */
public sealed interface Relaxation extends Layer permits AdditiveRelaxation, RelaxedGroupConvLayer {

    /**
     * Size of the non-equivariant part; 0 when the layer is strictly equivariant (exactly for |γ|; the relaxed group
     * conv's spread is computed by a float product and reads about 1e-14 of the coefficients' square there).
     */
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
     * Enqueues {@code ‖θ_free‖²}, the squared L2 norm of the non-equivariant part as it acts on the output (additive:
     * the scaled free filter γ·F; relaxed group conv: the coefficients' deviation from their group means, so that
     * the equivariant filter they average to is not part of it), into a [1] tensor on the device. The tensor is the
     * layer's and holds the value until the layer's next measurement ({@link #measureMagnitude()} and the like).
     */
    Tensor measureFreeBranchSquaredNorm();

    /**
     * Adds {@code weight · ∂(½‖θ_free‖²)/∂θ} to the gradients of the relaxation parameters (accumulates), the weight
     * read on the device, for an L2 prior on the free branch (RPP).
     */
    void accumulateFreeBranchGradient(DeviceScalar weight);

    /** Sets the relaxation to zero, keeping the equivariant part. */
    void setStrict();

    /**
     * The strictly equivariant layer this relaxation reduces to at zero relaxation. Ownership of the equivariant
     * parameters passes to the returned layer; this relaxation is closed and must not be used afterwards.
     */
    EquivariantConv project();
}
