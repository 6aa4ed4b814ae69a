package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.PendingRead;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.function.Supplier;

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
     * Enqueues the loss of {@code out} against {@code target} and writes the gradient of the mean loss into
     * {@code dOut}, without reading anything to the host: what the scores need is kept in {@code pending} (copied
     * there, so {@code out} and {@code target} may change afterwards).
     */
    void enqueue(Tensor out, Tensor target, Tensor dOut, PendingScores pending);

    /** The scores of the last {@link #enqueue} into {@code pending}, read to the host (waits for the device). */
    default Scores read(PendingScores pending) {
        return readLater(pending).get();
    }

    /**
     * The scores of the last {@link #enqueue} into {@code pending}, read later: the copies to the host are enqueued
     * now (so {@code pending} may be overwritten by the next enqueue), and the supplier waits for them only.
     */
    Supplier<Scores> readLater(PendingScores pending);

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
        public void enqueue(Tensor out, Tensor target, Tensor dOut, PendingScores pending) {
            Backend backend = pending.backend();
            Tensor diff = pending.first(pending.begin(out.shape()));
            Tensor square = pending.second(out.shape());
            backend.copy(out, diff);
            backend.axpy(-1f, target, diff);
            backend.mul(diff, diff, square);
            backend.sum(square, pending.total());
            backend.scale(diff, 2f / out.size(), dOut);
        }

        @Override
        public Supplier<Scores> readLater(PendingScores pending) {
            int size = pending.outShape().size();
            PendingRead<float[]> total = pending.backend().readLater(pending.total());
            return () -> {
                double mse = total.get()[0] / size;
                return new Scores(mse, mse);
            };
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
        public void enqueue(Tensor out, Tensor target, Tensor dOut, PendingScores pending) {
            Backend backend = pending.backend();
            int n = pending.begin(out.shape()).dim(0);
            Tensor loss = pending.second(Shape.of(n));
            backend.softmaxCrossEntropy(out, target, loss, dOut);
            backend.mean(loss, pending.total());
            backend.copy(out, pending.first(out.shape()));
            backend.copy(target, loss); // the per-sample losses are spent: the slot keeps the labels for the read
        }

        /** The mean loss, and the accuracy from the kept logits and labels (ties go to the lowest class). */
        @Override
        public Supplier<Scores> readLater(PendingScores pending) {
            Backend backend = pending.backend();
            Shape shape = pending.outShape();
            PendingRead<float[]> logits = backend.readLater(pending.first(shape));
            PendingRead<float[]> labels = backend.readLater(pending.second(Shape.of(shape.dim(0))));
            PendingRead<float[]> total = backend.readLater(pending.total());
            return () -> new Scores(total.get()[0], accuracy(logits.get(), labels.get(), shape.dim(0), shape.dim(1)));
        }

        private static double accuracy(float[] logits, float[] labels, int n, int k) {
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
            return (double) correct / n;
        }
    }
}
