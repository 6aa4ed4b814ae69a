package dev.jace.constraint;

import dev.jace.backend.DeviceScalar;

import java.util.function.DoubleConsumer;
import java.util.function.DoubleSupplier;

/** A quantity over plain doubles: {@code value} measures c, {@code gradient} receives each weight to apply. */
record ToyQuantity(String name, String symmetryType, QuantityKind kind, DoubleSupplier measure, DoubleConsumer gradient)
        implements ConstraintQuantity {

    static ToyQuantity deviation(String type, DoubleSupplier measure, DoubleConsumer gradient) {
        return new ToyQuantity("output." + type, type, QuantityKind.EQUIVARIANCE_DEVIATION, measure, gradient);
    }

    static ToyQuantity constant(String name, double c) {
        return new ToyQuantity(name, name, QuantityKind.EQUIVARIANCE_DEVIATION, () -> c, w -> { });
    }

    @Override
    public double value() {
        return measure.getAsDouble();
    }

    @Override
    public void accumulateGradient(double weight, DeviceScalar deviceWeight) {
        gradient.accept(weight);
    }
}
