package dev.jace.backend.cpu;

import dev.jace.tensor.Tensor;

/**
 * Batch norm with statistics per axis-1 channel over every other axis, accumulated in double ({@link CpuSums});
 * parallel over channels (each task owns its channel's slices of every output).
 */
final class CpuBatchNorm {

    private CpuBatchNorm() {
    }

    /** Layout of x [N, C, inner...]: channel c's values are the runs {@code ((n·C + c)·inner, +inner)}. */
    private record Layout(int batch, int channels, int inner) {
        static Layout of(Tensor x) {
            return new Layout(x.shape().dim(0), x.shape().dim(1), x.shape().sizeFrom(2));
        }

        int start(int n, int c) {
            return (n * channels + c) * inner;
        }

        int count() {
            return batch * inner;
        }

        long work() {
            return 4L * batch * inner;
        }
    }

    static void train(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float momentum,
                      float eps, Tensor out, Tensor saveMean, Tensor saveInvStd) {
        Layout l = Layout.of(x);
        float[] xv = CpuBackend.array(x);
        float[] ov = CpuBackend.array(out);
        float[] gv = CpuBackend.array(gamma);
        float[] bv = CpuBackend.array(beta);
        float[] rm = CpuBackend.array(runningMean);
        float[] rv = CpuBackend.array(runningVar);
        float[] sm = CpuBackend.array(saveMean);
        float[] si = CpuBackend.array(saveInvStd);
        int count = l.count();
        CpuParallel.forRange(l.channels(), l.work(), c -> {
            double sum = 0;
            for (int n = 0; n < l.batch(); n++) {
                sum += CpuSums.sum(xv, l.start(n, c), l.start(n, c) + l.inner());
            }
            double mean = sum / count;
            // Second pass around the mean: no cancellation when |mean| >> std.
            double squares = 0;
            for (int n = 0; n < l.batch(); n++) {
                squares += CpuSums.squaresAround(xv, l.start(n, c), l.start(n, c) + l.inner(), mean);
            }
            double variance = squares / count;
            double invStd = 1.0 / Math.sqrt(variance + eps);
            normalize(xv, ov, l, c, mean, invStd, gv[c], bv[c]);
            sm[c] = (float) mean;
            si[c] = (float) invStd;
            rm[c] = (float) ((1 - momentum) * rm[c] + momentum * mean);
            rv[c] = (float) ((1 - momentum) * rv[c] + momentum * squares / (count - 1));
        });
    }

    static void eval(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float eps,
                     Tensor out) {
        Layout l = Layout.of(x);
        float[] xv = CpuBackend.array(x);
        float[] ov = CpuBackend.array(out);
        float[] gv = CpuBackend.array(gamma);
        float[] bv = CpuBackend.array(beta);
        float[] rm = CpuBackend.array(runningMean);
        float[] rv = CpuBackend.array(runningVar);
        CpuParallel.forRange(l.channels(), l.work(), c ->
                normalize(xv, ov, l, c, rm[c], 1.0 / Math.sqrt((double) rv[c] + eps), gv[c], bv[c]));
    }

    /** {@code out = gamma · (x - mean) · invStd + beta} on channel c; centring first avoids cancellation. */
    private static void normalize(float[] x, float[] out, Layout l, int c, double mean, double invStd, float gamma,
                                  float beta) {
        float center = (float) mean;
        float scale = (float) (gamma * invStd);
        for (int n = 0; n < l.batch(); n++) {
            for (int i = l.start(n, c), end = i + l.inner(); i < end; i++) {
                out[i] = (x[i] - center) * scale + beta;
            }
        }
    }

    static void backward(Tensor x, Tensor dy, Tensor gamma, Tensor saveMean, Tensor saveInvStd, Tensor dx,
                         Tensor dgamma, Tensor dbeta) {
        Layout l = Layout.of(x);
        float[] xv = CpuBackend.array(x);
        float[] dyv = CpuBackend.array(dy);
        float[] dxv = CpuBackend.array(dx);
        float[] gv = CpuBackend.array(gamma);
        float[] sm = CpuBackend.array(saveMean);
        float[] si = CpuBackend.array(saveInvStd);
        float[] dg = CpuBackend.array(dgamma);
        float[] db = CpuBackend.array(dbeta);
        int count = l.count();
        CpuParallel.forRange(l.channels(), l.work(), c -> {
            double mean = sm[c];
            double invStd = si[c];
            double[] sums = new double[2];
            for (int n = 0; n < l.batch(); n++) {
                CpuSums.addSumAndProductsAround(dyv, xv, l.start(n, c), l.start(n, c) + l.inner(), mean, invStd,
                        sums);
            }
            double sumDy = sums[0];
            double sumDyXhat = sums[1];
            // dx = gamma·invStd · (dy − mean(dy) − xhat·mean(dy·xhat))
            float center = (float) mean;
            float inv = (float) invStd;
            float scale = (float) (gv[c] * invStd);
            float meanDy = (float) (sumDy / count);
            float meanDyXhat = (float) (sumDyXhat / count);
            for (int n = 0; n < l.batch(); n++) {
                for (int i = l.start(n, c), end = i + l.inner(); i < end; i++) {
                    dxv[i] = scale * (dyv[i] - meanDy - (xv[i] - center) * inv * meanDyXhat);
                }
            }
            dg[c] = (float) sumDyXhat;
            db[c] = (float) sumDy;
        });
    }
}
