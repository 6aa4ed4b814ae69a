package dev.jace.backend.cpu;

import dev.jace.backend.DeviceScalar;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.tensor.Tensor;

/**
 * {@code deviation[s, n] = ‖fgx[s·N + n] − ρ(elements[s]) fx[n]‖²} and {@code norm[n] = ‖fx[n]‖²}, reading
 * {@code ρ(g) fx} through index maps instead of materialising it; sums in double, one task per sample.
 */
final class CpuDeviation {

    /**
     * Bytes of a backward task's running sums of {@code dfx} at most: a sample's planes are taken in blocks that fit
     * (runs of planes that the elements move among themselves), each summed over the elements in order, so the sums
     * are those of a whole sample at once. A whole sample's doubles (2 MB for DeviationBench's D4 group maps 32x8x64)
     * were a humongous allocation per task: G1's heap grew to 6 GB and calls took 36–140 ms, in blocks 37–40.
     */
    private static final int SUM_BYTES = 256 * 1024;

    private CpuDeviation() {
    }

    static void forward(Tensor fgx, Tensor fx, GroupTable group, int[] elements, FeatureRep rep, Tensor deviation,
                        Tensor norm) {
        float[] a = CpuBackend.array(fgx);
        float[] b = CpuBackend.array(fx);
        float[] dev = CpuBackend.array(deviation);
        float[] nrm = CpuBackend.array(norm);
        int n = fx.shape().dim(0);
        CpuElementAction[] actions = CpuElementAction.of(group, elements, rep, fx.shape());
        int sample = actions[0].sampleSize();
        CpuParallel.forRange(n, (long) sample * (elements.length + 1), i -> {
            nrm[i] = (float) CpuSums.squaresAround(b, i * sample, (i + 1) * sample, 0);
            for (int s = 0; s < elements.length; s++) {
                dev[s * n + i] = (float) squaredDistance(actions[s], a, (s * n + i) * sample, b, i * sample);
            }
        });
    }

    /** {@link dev.jace.backend.Backend#relativeDeviationWeights}, in Java doubles. */
    static void relativeWeights(Tensor deviation, Tensor norm, int[] rows, DeviceScalar weight, double divisor,
                                double eps, Tensor dDeviation, Tensor dNorm) {
        relativeWeights(deviation, norm, rows, CpuScalars.value(weight) / divisor, eps, dDeviation, dNorm);
    }

    static void relativeWeights(Tensor deviation, Tensor norm, int[] rows, double scale, double eps,
                                Tensor dDeviation, Tensor dNorm) {
        float[] dev = CpuBackend.array(deviation);
        float[] nrm = CpuBackend.array(norm);
        float[] dDev = CpuBackend.array(dDeviation);
        float[] dn = CpuBackend.array(dNorm);
        int k = deviation.shape().dim(0);
        int n = nrm.length;
        java.util.Arrays.fill(dDev, 0, k * n, 0f);
        for (int i = 0; i < n; i++) {
            double denominator = nrm[i] + eps;
            double sum = 0;
            for (int s : rows) {
                dDev[s * n + i] = (float) (scale / denominator);
                sum -= scale * dev[s * n + i] / (denominator * denominator);
            }
            dn[i] = (float) sum;
        }
    }

    /** {@code Σ_{s in rows} Σ_i deviation[s, i] / (norm[i] + eps)}, in that order, divided by {@code divisor}. */
    static double relativeMean(Tensor deviation, Tensor norm, int[] rows, double divisor, double eps) {
        float[] dev = CpuBackend.array(deviation);
        float[] nrm = CpuBackend.array(norm);
        int n = nrm.length;
        double sum = 0.0;
        for (int s : rows) {
            for (int i = 0; i < n; i++) {
                sum += (double) dev[s * n + i] / ((double) nrm[i] + eps);
            }
        }
        return sum / divisor;
    }

    /**
     * {@code Σ (a − ρ b)²} over one sample, in four running sums as {@link CpuSums} keeps them (pixels by their index
     * mod 4, a plane's tail in the first): one sum was a chain of dependent adds that held the loop at their latency.
     */
    private static double squaredDistance(CpuElementAction action, float[] a, int aOffset, float[] b, int bOffset) {
        int planeSize = action.planeSize();
        int[] planes = action.planeSource();
        int[] pixels = action.pixelSource();
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int p = 0; p < planes.length; p++) {
            int from = bOffset + planes[p] * planeSize;
            int to = aOffset + p * planeSize;
            int q = 0;
            for (; q + 3 < planeSize; q += 4) {
                double d0 = (double) a[to + q] - b[from + pixels[q]];
                double d1 = (double) a[to + q + 1] - b[from + pixels[q + 1]];
                double d2 = (double) a[to + q + 2] - b[from + pixels[q + 2]];
                double d3 = (double) a[to + q + 3] - b[from + pixels[q + 3]];
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            for (; q < planeSize; q++) {
                double d = (double) a[to + q] - b[from + pixels[q]];
                s0 += d * d;
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    static void backward(Tensor fgx, Tensor fx, GroupTable group, int[] elements, FeatureRep rep, Tensor dDeviation,
                         Tensor dNorm, Tensor dFgx, Tensor dFx) {
        float[] a = CpuBackend.array(fgx);
        float[] b = CpuBackend.array(fx);
        float[] gDev = CpuBackend.array(dDeviation);
        float[] gNorm = dNorm == null ? null : CpuBackend.array(dNorm);
        float[] ga = CpuBackend.array(dFgx);
        float[] gb = CpuBackend.array(dFx);
        int n = fx.shape().dim(0);
        CpuElementAction[] actions = CpuElementAction.of(group, elements, rep, fx.shape());
        int sample = actions[0].sampleSize();
        int planeSize = actions[0].planeSize();
        int planeCount = actions[0].planeSource().length;
        int unit = CpuElementAction.closedPlanes(group, rep);
        int blockPlanes = Math.min(planeCount, Math.max(unit, SUM_BYTES / (Double.BYTES * planeSize) / unit * unit));
        CpuParallel.forRange(n, (long) sample * (elements.length + 1), i -> {
            double twiceNorm = gNorm == null ? 0 : 2.0 * gNorm[i];
            double[] acc = new double[blockPlanes * planeSize];
            for (int first = 0; first < planeCount; first += blockPlanes) {
                int planes = Math.min(blockPlanes, planeCount - first);
                int bBlock = i * sample + first * planeSize;
                for (int d = 0; d < planes * planeSize; d++) {
                    acc[d] = twiceNorm * b[bBlock + d];
                }
                for (int s = 0; s < elements.length; s++) {
                    scatterDifference(actions[s], first, planes, 2.0 * gDev[s * n + i], a, (s * n + i) * sample, b,
                            bBlock, ga, acc);
                }
                for (int d = 0; d < planes * planeSize; d++) {
                    gb[bBlock + d] = (float) acc[d];
                }
            }
        });
    }

    /**
     * {@code dA = scale·(a − ρ b)} and {@code acc −= ρᵀ(scale·(a − ρ b))} over the planes {@code [first, first +
     * planes)} of one (element, sample) pair, which the element moves among themselves; {@code acc} holds the
     * gradient of those planes of {@code b}, which start at {@code bBlock}.
     */
    private static void scatterDifference(CpuElementAction action, int first, int planes, double scale, float[] a,
                                          int aOffset, float[] b, int bBlock, float[] dA, double[] acc) {
        int planeSize = action.planeSize();
        int[] sources = action.planeSource();
        int[] pixels = action.pixelSource();
        for (int p = first; p < first + planes; p++) {
            int fromLocal = (sources[p] - first) * planeSize;
            int to = aOffset + p * planeSize;
            for (int q = 0; q < planeSize; q++) {
                int src = fromLocal + pixels[q];
                double g = scale * ((double) a[to + q] - b[bBlock + src]);
                dA[to + q] = (float) g;
                acc[src] -= g;
            }
        }
    }
}
