package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

/** The task loss and its metric. */
public sealed interface Task {

    /** Mean loss and mean metric over a batch. */
    record Scores(double loss, double metric) {
    }

    /** "mse" or "accuracy". */
    String metricName();

    /** Batch target shape for a model output of shape {@code out}. */
    Shape targetShape(Shape out);

    /**
     * Mean loss and metric of the model output {@code out} against {@code target}; writes the gradient of the mean
     * loss with respect to {@code out} into {@code dOut} (same shape as out).
     */
    Scores evaluate(Backend backend, Tensor out, Tensor target, Tensor dOut);

    /** Mean squared error over all output elements; the metric is the same MSE. */
    record Regression() implements Task {

        @Override
        public String metricName() {
            return "mse";
        }

        @Override
        public Shape targetShape(Shape out) {
            return out;
        }

        @Override
        public Scores evaluate(Backend backend, Tensor out, Tensor target, Tensor dOut) {
            try (Tensor diff = backend.allocate(out.shape());
                 Tensor square = backend.allocate(out.shape());
                 Tensor total = backend.allocate(Shape.of(1))) {
                backend.copy(out, diff);
                backend.axpy(-1f, target, diff);
                backend.mul(diff, diff, square);
                backend.sum(square, total);
                backend.scale(diff, 2f / out.size(), dOut);
                double mse = backend.download(total)[0] / out.size();
                return new Scores(mse, mse);
            }
        }
    }

    /** Softmax cross-entropy on logits {@code [N, K]} against class indices; the metric is the accuracy. */
    record Classification() implements Task {

        @Override
        public String metricName() {
            return "accuracy";
        }

        @Override
        public Shape targetShape(Shape out) {
            return Shape.of(out.dim(0));
        }

        @Override
        public Scores evaluate(Backend backend, Tensor out, Tensor target, Tensor dOut) {
            int n = out.shape().dim(0);
            int k = out.shape().dim(1);
            try (Tensor loss = backend.allocate(Shape.of(n)); Tensor mean = backend.allocate(Shape.of(1))) {
                backend.softmaxCrossEntropy(out, target, loss, dOut);
                backend.mean(loss, mean);
                float[] logits = backend.download(out);
                float[] labels = backend.download(target);
                int correct = 0;
                for (int i = 0; i < n; i++) {
                    int best = 0;
                    for (int j = 1; j < k; j++) {
                        if (logits[i * k + j] > logits[i * k + best]) {
                            best = j;
                        }
                    }
                    correct += best == (int) labels[i] ? 1 : 0;
                }
                return new Scores(backend.download(mean)[0], (double) correct / n);
            }
        }
    }
}
