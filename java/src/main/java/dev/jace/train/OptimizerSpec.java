package dev.jace.train;

import static dev.jace.tensor.FiniteValues.finiteAboveZero;
import static dev.jace.tensor.FiniteValues.finiteAtLeastZero;

/** Which first-order optimiser updates the parameters, and its hyper-parameters. */
public sealed interface OptimizerSpec {

    /** Learning rate at the start (the trainer may scale it by a schedule). */
    double lr();

    /** SGD with momentum and L2 weight decay, PyTorch convention (see {@code Backend#sgdStep}). */
    record Sgd(double lr, double momentum, double weightDecay) implements OptimizerSpec {
        public Sgd {
            if (!finiteAboveZero(lr) || !unitInterval(momentum) || !finiteAtLeastZero(weightDecay)) {
                throw new IllegalArgumentException("sgd needs a finite lr > 0, 0 <= momentum < 1 and a finite"
                        + " weightDecay >= 0, got lr="
                        + lr + " momentum=" + momentum + " weightDecay=" + weightDecay);
            }
        }
    }

    /** Adam with bias correction and L2 weight decay added to the gradient (see {@code Backend#adamStep}). */
    record Adam(double lr, double beta1, double beta2, double eps, double weightDecay) implements OptimizerSpec {
        public Adam {
            if (!finiteAboveZero(lr) || !unitInterval(beta1) || !unitInterval(beta2) || !finiteAboveZero(eps)
                    || !finiteAtLeastZero(weightDecay)) {
                throw new IllegalArgumentException("adam needs a finite lr > 0, betas in [0, 1), a finite eps > 0 and"
                        + " a finite weightDecay >= 0, got lr="
                        + lr + " betas=(" + beta1 + ", " + beta2 + ") eps=" + eps + " weightDecay=" + weightDecay);
            }
        }

        public static Adam withLr(double lr) {
            return new Adam(lr, 0.9, 0.999, 1e-8, 0.0);
        }
    }

    /* Written so that NaN fails it, as FiniteValues' checks are. */
    private static boolean unitInterval(double v) {
        return v >= 0 && v < 1;
    }
}
