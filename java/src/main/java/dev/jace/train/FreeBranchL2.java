package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.constraint.ConstraintQuantity;
import dev.jace.constraint.QuantityKind;
import dev.jace.nn.ParameterRegistry;
import dev.jace.nn.Relaxation;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

/** {@code ½‖θ_free‖²} over a relaxed layer's {@link Relaxation#relaxationParameters()}, named "layerName.free_l2". */
public record FreeBranchL2(Backend backend, String layerName, Relaxation layer) implements ConstraintQuantity {

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
        double sum = 0;
        try (Tensor total = backend.allocate(Shape.of(1))) {
            for (ParameterRegistry.Entry e : layer.relaxationParameters()) {
                Tensor p = e.parameter().value();
                try (Tensor square = backend.allocate(p.shape())) {
                    backend.mul(p, p, square);
                    backend.sum(square, total);
                    sum += backend.download(total)[0];
                }
            }
        }
        return 0.5 * sum;
    }

    /** {@code ∂(½‖θ‖²)/∂θ = θ}. */
    @Override
    public void accumulateGradient(double weight) {
        for (ParameterRegistry.Entry e : layer.relaxationParameters()) {
            backend.axpy((float) weight, e.parameter().value(), e.parameter().grad());
        }
    }
}
