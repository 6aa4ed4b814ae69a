package dev.jace.constraint;

import static dev.jace.tensor.FiniteValues.finiteAboveZero;
import static dev.jace.tensor.FiniteValues.finiteAtLeastZero;

/**
 * Automatic strength tuning for the softreg method (one regulariser per quantity: each output deviation type and each
 * relaxed layer's magnitude). After every dual period the strength of term k moves towards
 * {@code scale / (floor + c_k)}:
 * <pre>β_k ← smoothing·β_k + (1 − smoothing)·scale / (floor + max(0, c_k))</pre>
 * starting from {@code scale / (floor + 1)}. At a fixed point β_k·∇c_k = scale·∇log(floor + c_k): nearly symmetric
 * terms get strong regularisers and are pushed to exact equivariance, clearly broken ones get weak ones, so a larger
 * final strength means a more symmetric term. The update is {@link dev.jace.backend.DualUpdate#softregStrength}, run by
 * the primal-dual loop.
 */
public record SoftRegTuning(double scale, double floor, double smoothing) {

    public SoftRegTuning {
        if (!finiteAtLeastZero(scale) || !finiteAboveZero(floor) || !(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("softreg tuning needs a finite scale >= 0, a finite floor > 0 and"
                    + " 0 <= smoothing < 1; got scale=" + scale + " floor=" + floor + " smoothing=" + smoothing);
        }
    }

    public double initialStrength() {
        return scale / (floor + 1.0);
    }
}
