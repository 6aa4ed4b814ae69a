package dev.jace.train;

import dev.jace.backend.DeviceScalar;
import dev.jace.constraint.ConstraintQuantity;
import dev.jace.constraint.QuantityKind;
import dev.jace.group.SymmetryType;

import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Relative equivariance deviation of the model output for one symmetry type (the non-identity rotations or the
 * reflections of the group), estimated on the current batch: the mean over the type's elements g and the samples of
 * {@code ‖f(g·x) − ρ_out(g) f(x)‖² / ‖f(x)‖²}. Named "output.rotation" / "output.reflection"; several quantities
 * share one {@link DeviationProbe}, so all elements go through the model in one forward per step.
 */
public final class OutputDeviation implements ConstraintQuantity {

    private final DeviationProbe probe;
    private final SymmetryType type;

    OutputDeviation(DeviationProbe probe, SymmetryType type) {
        if (type == SymmetryType.IDENTITY || probe.group().elementsOfType(type).length == 0) {
            throw new IllegalArgumentException("output deviation: group " + probe.group().name() + " has no "
                    + type.name().toLowerCase(Locale.ROOT) + " elements");
        }
        this.probe = probe;
        this.type = type;
    }

    @Override
    public String name() {
        return "output." + symmetryType();
    }

    @Override
    public String symmetryType() {
        return type.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public QuantityKind kind() {
        return QuantityKind.EQUIVARIANCE_DEVIATION;
    }

    /** Measures on the probe's batch in training mode (one shared forward per batch). */
    @Override
    public double value() {
        probe.ensureMeasured(true);
        return probe.relativeMean(type);
    }

    /** Enqueues the probe's measurement; the deviation is read to the host when the reading is asked for. */
    @Override
    public DoubleSupplier measure() {
        probe.ensureMeasured(true);
        return probe.reading(type);
    }

    @Override
    public boolean measuresOnDevice() {
        return true;
    }

    @Override
    public void measureInto(DeviceScalar out) {
        probe.ensureMeasured(true);
        probe.measureInto(type, out);
    }

    @Override
    public void accumulateGradient(double weight, DeviceScalar deviceWeight) {
        probe.ensureMeasured(true);
        probe.accumulateGradient(type, deviceWeight);
    }

    /** The probe's one model backward for every type accumulated this step (the first type's call runs it). */
    @Override
    public void completeGradient() {
        probe.completeGradient();
    }
}
