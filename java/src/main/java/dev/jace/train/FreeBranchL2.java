package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalar;
import dev.jace.constraint.ConstraintQuantity;
import dev.jace.constraint.QuantityKind;
import dev.jace.nn.Relaxation;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * {@code ½‖θ_free‖²} of a relaxed layer's non-equivariant part ({@link Relaxation#measureFreeBranchSquaredNorm()}:
 * γ·F of an additive relaxation, the coefficients' deviation from their group means of a relaxed group conv), named
 * "layerName.free_l2". Each measurement is halved on the device into a kept scalar that {@link #measure()}'s reading
 * downloads only when the value is asked for. Owns that scalar until {@link #close()}.
 */
public final class FreeBranchL2 implements ConstraintQuantity, AutoCloseable {

    private final Backend backend;
    private final String layerName;
    private final Relaxation layer;
    /** [1]: ½‖θ_free‖² as of the last measurement. */
    private final Tensor half;
    private long measurements;

    public FreeBranchL2(Backend backend, String layerName, Relaxation layer) {
        this.backend = backend;
        this.layerName = layerName;
        this.layer = layer;
        this.half = backend.allocate(Shape.of(1));
    }

    @Override
    public String name() {
        return layerName + ".free_l2";
    }

    @Override
    public String symmetryType() {
        return NO_SYMMETRY;
    }

    @Override
    public QuantityKind kind() {
        return QuantityKind.FREE_BRANCH_L2;
    }

    @Override
    public double value() {
        return measure().getAsDouble();
    }

    @Override
    public DoubleSupplier measure() {
        backend.scale(layer.measureFreeBranchSquaredNorm(), 0.5f, half);
        long measurement = ++measurements;
        return () -> {
            if (measurement != measurements) {
                throw new IllegalStateException("FreeBranchL2: a reading used after the next measurement");
            }
            return backend.download(half)[0];
        };
    }

    @Override
    public boolean measuresOnDevice() {
        return true;
    }

    /** The same value as a {@link #measure() reading}'s, on the device. */
    @Override
    public void measureInto(DeviceScalar out) {
        backend.sumToScalar(List.of(layer.measureFreeBranchSquaredNorm()), false, 0.5, out);
    }

    @Override
    public void accumulateGradient(double weight, DeviceScalar deviceWeight) {
        layer.accumulateFreeBranchGradient(deviceWeight);
    }

    @Override
    public void close() {
        half.close();
    }
}
