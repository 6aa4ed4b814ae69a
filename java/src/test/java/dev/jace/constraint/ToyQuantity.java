package dev.jace.constraint;

import dev.jace.backend.DeviceScalar;

import java.util.function.DoubleConsumer;
import java.util.function.DoubleSupplier;

/**
 * A host quantity over plain doubles: {@code c} computes c, {@code gradient} receives each weight to apply. It keeps
 * {@link ConstraintQuantity#measure}'s default, which reads c when measured (not when the loop reads the reading).
 */
record ToyQuantity(String name, String symmetryType, QuantityKind kind, DoubleSupplier c, DoubleConsumer gradient)
        implements ConstraintQuantity {

    static ToyQuantity deviation(String type, DoubleSupplier c, DoubleConsumer gradient) {
        return new ToyQuantity("output." + type, type, QuantityKind.EQUIVARIANCE_DEVIATION, c, gradient);
    }

    static ToyQuantity constant(String name, double c) {
        return new ToyQuantity(name, name, QuantityKind.EQUIVARIANCE_DEVIATION, () -> c, w -> { });
    }

    @Override
    public double value() {
        return c.getAsDouble();
    }

    @Override
    public void accumulateGradient(double weight, DeviceScalar deviceWeight) {
        gradient.accept(weight);
    }
}
