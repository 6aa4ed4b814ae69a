package dev.jace.backend.cpu;

import dev.jace.tensor.Tensor;

/** Softmax cross-entropy, computed per sample in double with the max-shift for stability. */
final class CpuLoss {

    private CpuLoss() {
    }

    static void softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor loss, Tensor dlogits) {
        int samples = logits.shape().dim(0);
        int classes = logits.shape().dim(1);
        float[] z = CpuBackend.array(logits);
        float[] y = CpuBackend.array(labels);
        float[] l = CpuBackend.array(loss);
        float[] dz = CpuBackend.array(dlogits);
        checkLabels(y, classes);
        double invSamples = 1.0 / samples;
        CpuParallel.forRange(samples, 4L * classes, n -> {
            int base = n * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, z[base + k]);
            }
            double sumExp = 0;
            for (int k = 0; k < classes; k++) {
                sumExp += Math.exp(z[base + k] - max);
            }
            int label = (int) y[n];
            // Relative to the max, so a huge logit cannot absorb the log-sum's small terms.
            l[n] = (float) (Math.log(sumExp) - (z[base + label] - max));
            for (int k = 0; k < classes; k++) {
                double p = Math.exp(z[base + k] - max) / sumExp;
                dz[base + k] = (float) ((p - (k == label ? 1 : 0)) * invSamples);
            }
        });
    }

    /** All labels are checked before any output is written. */
    private static void checkLabels(float[] labels, int classes) {
        for (int n = 0; n < labels.length; n++) {
            float v = labels[n];
            if (!(v >= 0 && v < classes && v == Math.rint(v))) {
                throw new IllegalArgumentException("softmaxCrossEntropy: label of sample " + n + " is " + v
                        + ", expected an integer class index in [0, " + classes + ")");
            }
        }
    }
}
