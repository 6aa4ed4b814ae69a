package dev.jace.train;

/** Which first-order optimiser updates the parameters, and its hyper-parameters. */
public sealed interface OptimizerSpec {

    /** Learning rate at the start (the trainer may scale it by a schedule). */
    double lr();

    /** SGD with momentum and L2 weight decay, PyTorch convention (see {@code Backend#sgdStep}). */
    record Sgd(double lr, double momentum, double weightDecay) implements OptimizerSpec {
        public Sgd {
            if (!(lr > 0) || momentum < 0 || momentum >= 1 || weightDecay < 0) {
                throw new IllegalArgumentException("sgd needs lr > 0, 0 <= momentum < 1, weightDecay >= 0, got lr="
                        + lr + " momentum=" + momentum + " weightDecay=" + weightDecay);
            }
        }
    }

    /** Adam with bias correction and L2 weight decay added to the gradient (see {@code Backend#adamStep}). */
    record Adam(double lr, double beta1, double beta2, double eps, double weightDecay) implements OptimizerSpec {
        public Adam {
            if (!(lr > 0) || beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || !(eps > 0) || weightDecay < 0) {
                throw new IllegalArgumentException("adam needs lr > 0, betas in [0, 1), eps > 0, weightDecay >= 0, got lr="
                        + lr + " betas=(" + beta1 + ", " + beta2 + ") eps=" + eps + " weightDecay=" + weightDecay);
            }
        }

        public static Adam withLr(double lr) {
            return new Adam(lr, 0.9, 0.999, 1e-8, 0.0);
        }
    }
}
