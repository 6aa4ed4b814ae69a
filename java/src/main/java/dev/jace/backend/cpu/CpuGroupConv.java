package dev.jace.backend.cpu;

import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.tensor.Tensor;

/**
 * Direct lifting and group convolutions. Each call gathers the transformed filters {@code g·w} of all output
 * elements into a per-call bank {@code [cout·|G|, cin·fiber, k, k]} by index arithmetic (tap t of element g reads
 * {@code w} through {@link CpuSpatialMap#filterTaps}, input fiber h of a group filter reads slice {@code g⁻¹h}),
 * then runs the {@link CpuCorrelation} im2col + GEMM driver with the input viewed as {@code [n, cin·fiber, h, w]} and the
 * output as {@code [n, cout·|G|, ho, wo]}. The filter gradient is the bank's {@link CpuFilterGradient} folded back
 * through the inverse index map, summed in double in a fixed order, one task per output channel.
 */
final class CpuGroupConv {

    private CpuGroupConv() {
    }

    /**
     * Sizes of one call. {@code fiber} is the input's group axis: 1 for lifting (images), |G| for group maps;
     * {@code slices[g][h]} is the filter slice that output element g applies to input fiber h.
     */
    private record Geometry(int n, int cin, int fiber, int cout, int order, int h, int w, int ho, int wo, int k,
                            int pad, int[][] taps, int[][] slices) {

        static Geometry of(int[] x, int[] w, GroupTable group, Padding padding, boolean lifting) {
            int k = w[w.length - 1];
            int h = x[x.length - 2];
            int wd = x[x.length - 1];
            int fiber = lifting ? 1 : group.order();
            return new Geometry(x[0], x[1], fiber, w[0], group.order(), h, wd, padding.outputSize(h, k),
                    padding.outputSize(wd, k), k, padding.before(k), CpuSpatialMap.filterTaps(group, k),
                    filterSlices(group, fiber));
        }

        /** Output channels of the equivalent plain convolution. */
        int bankOut() {
            return cout * order;
        }

        /** Input channels of the equivalent plain convolution. */
        int bankIn() {
            return cin * fiber;
        }

        /** Filter elements per output channel of {@code w}. */
        int perOut() {
            return cin * fiber * k * k;
        }
    }

    /** {@code slices[g][h]}: {@code g⁻¹h} when {@code fiber == |G|}, 0 when {@code fiber == 1}. */
    static int[][] filterSlices(GroupTable group, int fiber) {
        int[][] slices = new int[group.order()][fiber];
        if (fiber > 1) {
            for (int g = 0; g < group.order(); g++) {
                for (int h = 0; h < fiber; h++) {
                    slices[g][h] = group.compose(group.inverseOf(g), h);
                }
            }
        }
        return slices;
    }

    static void liftingForward(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out) {
        forward(Geometry.of(x.shape().dims(), w.shape().dims(), group, padding, true), x, w, out);
    }

    static void groupForward(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out) {
        forward(Geometry.of(x.shape().dims(), w.shape().dims(), group, padding, false), x, w, out);
    }

    static void liftingBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx) {
        backwardData(Geometry.of(dx.shape().dims(), w.shape().dims(), group, padding, true), dy, w, dx);
    }

    static void groupBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx) {
        backwardData(Geometry.of(dx.shape().dims(), w.shape().dims(), group, padding, false), dy, w, dx);
    }

    static void liftingBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw) {
        backwardFilter(Geometry.of(x.shape().dims(), dw.shape().dims(), group, padding, true), x, dy, dw);
    }

    static void groupBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw) {
        backwardFilter(Geometry.of(x.shape().dims(), dw.shape().dims(), group, padding, false), x, dy, dw);
    }

    private static void forward(Geometry s, Tensor x, Tensor w, Tensor out) {
        CpuCorrelation.correlate(CpuBackend.array(x), s.n, s.bankIn(), s.h, s.w, gather(s, CpuBackend.array(w), false),
                s.bankOut(), s.k, s.k, s.pad, s.pad, CpuBackend.array(out), s.ho, s.wo);
    }

    private static void backwardData(Geometry s, Tensor dy, Tensor w, Tensor dx) {
        if (CpuCorrelation.scattersInputGradient(s.bankIn(), s.bankOut())) {
            CpuCorrelation.correlateTransposed(CpuBackend.array(dy), s.n, s.bankOut(), s.ho, s.wo,
                    gather(s, CpuBackend.array(w), false), s.bankIn(), s.k, s.k, s.pad, s.pad,
                    CpuBackend.array(dx), s.h, s.w);
            return;
        }
        // As for a plain convolution: dy correlated with the channel-swapped, 180°-rotated bank.
        int pad = s.k - 1 - s.pad;
        CpuCorrelation.correlate(CpuBackend.array(dy), s.n, s.bankOut(), s.ho, s.wo,
                gather(s, CpuBackend.array(w), true), s.bankIn(), s.k, s.k, pad, pad, CpuBackend.array(dx), s.h, s.w);
    }

    private static void backwardFilter(Geometry s, Tensor x, Tensor dy, Tensor dwTensor) {
        float[] bankGrad = new float[s.bankOut() * s.perOut()];
        CpuFilterGradient.compute(CpuBackend.array(x), s.n, s.bankIn(), s.h, s.w, CpuBackend.array(dy),
                s.bankOut(), s.ho, s.wo, s.k, s.k, s.pad, s.pad, bankGrad);
        float[] dw = CpuBackend.array(dwTensor);
        CpuParallel.forRange(s.cout, (long) s.order * s.perOut(), o -> {
            double[] acc = new double[s.perOut()];
            for (int g = 0; g < s.order; g++) {
                for (int c = 0; c < s.cin; c++) {
                    foldChannel(s, o, g, c, bankGrad, acc);
                }
            }
            for (int i = 0; i < acc.length; i++) {
                dw[o * s.perOut() + i] = (float) acc[i];
            }
        });
    }

    /**
     * {@code acc[c, slices[g][h], taps[g][t]] += bankGrad[o·|G| + g, c·fiber + h, t]} over h and t. A method of its
     * own, called per channel, so that C2 compiles it within the first calls: the per-output loop around it runs only
     * {@code cout} times per call (as for {@code CpuFilterGradient.patchRow}).
     */
    private static void foldChannel(Geometry s, int o, int g, int c, float[] bankGrad, double[] acc) {
        int kk = s.k * s.k;
        int[] taps = s.taps[g];
        for (int h = 0; h < s.fiber; h++) {
            int from = (c * s.fiber + s.slices[g][h]) * kk;
            int to = ((o * s.order + g) * s.bankIn() + c * s.fiber + h) * kk;
            for (int t = 0; t < kk; t++) {
                acc[from + taps[t]] += bankGrad[to + t];
            }
        }
    }

    /**
     * The bank {@code [cout·|G|, cin·fiber, k, k]} with {@code bank[o·|G| + g, c·fiber + h, t] = w[o, c,
     * slices[g][h], taps[g][t]]}; when {@code rotatedTranspose}, stored as {@link CpuCorrelation#rotatedTranspose}
     * of that bank (channels swapped, taps reversed) for backward-data.
     */
    private static float[] gather(Geometry s, float[] w, boolean rotatedTranspose) {
        int kk = s.k * s.k;
        float[] bank = new float[s.bankOut() * s.perOut()];
        CpuParallel.forRange(s.cout, (long) s.order * s.perOut(), o -> {
            for (int g = 0; g < s.order; g++) {
                int[] taps = s.taps[g];
                int row = o * s.order + g;
                for (int c = 0; c < s.cin; c++) {
                    for (int h = 0; h < s.fiber; h++) {
                        int from = o * s.perOut() + (c * s.fiber + s.slices[g][h]) * kk;
                        int col = c * s.fiber + h;
                        if (rotatedTranspose) {
                            int to = (col * s.bankOut() + row) * kk + kk - 1;
                            for (int t = 0; t < kk; t++) {
                                bank[to - t] = w[from + taps[t]];
                            }
                        } else {
                            int to = (row * s.bankIn() + col) * kk;
                            for (int t = 0; t < kk; t++) {
                                bank[to + t] = w[from + taps[t]];
                            }
                        }
                    }
                }
            }
        });
        return bank;
    }
}
