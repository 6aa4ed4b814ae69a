package dev.jace.train;

import dev.jace.backend.DeviceScalar;
import dev.jace.constraint.ConstraintQuantity;
import dev.jace.constraint.QuantityKind;
import dev.jace.nn.Relaxation;

import java.util.function.DoubleSupplier;

/**
 * {@link Relaxation#magnitude()} of one relaxed layer (|γ| of an additive relaxation, the coefficient spread of a
 * relaxed group conv), named "layerName.relaxation". It does not single out a symmetry type, so its type is the
 * group's name (e.g. "d4").
 */
public record RelaxationMagnitude(String layerName, Relaxation layer, String groupName) implements ConstraintQuantity {

    @Override
    public String name() {
        return layerName + ".relaxation";
    }

    @Override
    public String symmetryType() {
        return groupName;
    }

    @Override
    public QuantityKind kind() {
        return QuantityKind.RELAXATION_MAGNITUDE;
    }

    @Override
    public double value() {
        return layer.magnitude();
    }

    /** {@link Relaxation#measureMagnitude()}: no host read until the loop asks for the value. */
    @Override
    public DoubleSupplier measure() {
        return layer.measureMagnitude();
    }

    /** Every relaxation computes its magnitude on the device. */
    @Override
    public boolean measuresOnDevice() {
        return true;
    }

    @Override
    public void measureInto(DeviceScalar out) {
        layer.measureMagnitudeInto(out);
    }

    @Override
    public void accumulateGradient(double weight, DeviceScalar deviceWeight) {
        layer.accumulateMagnitudeGradient(weight, deviceWeight);
    }
}
