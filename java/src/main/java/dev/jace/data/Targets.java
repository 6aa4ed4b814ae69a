package dev.jace.data;

import dev.jace.tensor.Shape;

/** The targets of a {@link Split}: a float tensor per sample (regression) or a class index per sample. */
public sealed interface Targets permits Targets.Values, Targets.Labels {

    /** Number of samples. */
    int count();

    /** Floats per sample: the target shape's size, or 1 for a label. */
    int sampleSize();

    TaskKind kind();

    /** {@code values} holds {@code count} samples of {@code shape} back to back. */
    record Values(Shape shape, float[] values) implements Targets {

        public Values {
            if (values.length % shape.size() != 0) {
                throw new IllegalArgumentException("target values (" + values.length
                        + " floats) are not a whole number of samples of shape " + shape);
            }
        }

        @Override
        public int count() {
            return values.length / shape.size();
        }

        @Override
        public int sampleSize() {
            return shape.size();
        }

        @Override
        public TaskKind kind() {
            return TaskKind.REGRESSION;
        }
    }

    /** Class indices in {@code [0, classes)}. */
    record Labels(int classes, int[] labels) implements Targets {

        public Labels {
            if (classes < 2) {
                throw new IllegalArgumentException("a classification task needs at least 2 classes, got " + classes);
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= classes) {
                    throw new IllegalArgumentException("label " + labels[i] + " of sample " + i
                            + " is outside [0, " + classes + ")");
                }
            }
        }

        @Override
        public int count() {
            return labels.length;
        }

        @Override
        public int sampleSize() {
            return 1;
        }

        @Override
        public TaskKind kind() {
            return TaskKind.CLASSIFICATION;
        }
    }
}
