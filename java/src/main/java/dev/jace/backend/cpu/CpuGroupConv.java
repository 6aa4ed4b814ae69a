package dev.jace.backend.cpu;

import dev.jace.backend.GroupOpShapes;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.tensor.Tensor;

import java.util.Arrays;

/**
 * Direct lifting and group convolutions. For output element g the transformed filter {@code g·w} is never built:
 * each tap is read from {@code w} through {@link CpuSpatialMap#filterTaps} (and, for group filters, from slice
 * {@code g⁻¹h} of the input fiber h), then applied to a whole shifted plane. Forward runs one task per
 * (sample, output channel), backward-data one per (sample, input channel), backward-filter one per (output,
 * input channel), so every task owns its outputs and results are deterministic.
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

        int inPlane(int n, int c, int h) {
            return ((n * cin + c) * fiber + h) * this.h * w;
        }

        int outPlane(int n, int o, int g) {
            return ((n * cout + o) * order + g) * ho * wo;
        }

        int filterSlice(int o, int c, int g, int h) {
            return ((o * cin + c) * fiber + slices[g][h]) * k * k;
        }

        long work() {
            return (long) order * cin * fiber * k * k * ho * wo;
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
        GroupOpShapes.liftingConv(x, w, group, padding, out);
        forward(Geometry.of(x.shape().dims(), w.shape().dims(), group, padding, true), x, w, out);
    }

    static void groupForward(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out) {
        GroupOpShapes.groupConv(x, w, group, padding, out);
        forward(Geometry.of(x.shape().dims(), w.shape().dims(), group, padding, false), x, w, out);
    }

    static void liftingBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx) {
        GroupOpShapes.liftingConvBackwardData(dy, w, group, padding, dx);
        backwardData(Geometry.of(dx.shape().dims(), w.shape().dims(), group, padding, true), dy, w, dx);
    }

    static void groupBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx) {
        GroupOpShapes.groupConvBackwardData(dy, w, group, padding, dx);
        backwardData(Geometry.of(dx.shape().dims(), w.shape().dims(), group, padding, false), dy, w, dx);
    }

    static void liftingBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw) {
        GroupOpShapes.liftingConvBackwardFilter(x, dy, group, padding, dw);
        backwardFilter(Geometry.of(x.shape().dims(), dw.shape().dims(), group, padding, true), x, dy, dw);
    }

    static void groupBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw) {
        GroupOpShapes.groupConvBackwardFilter(x, dy, group, padding, dw);
        backwardFilter(Geometry.of(x.shape().dims(), dw.shape().dims(), group, padding, false), x, dy, dw);
    }

    private static void forward(Geometry s, Tensor xTensor, Tensor wTensor, Tensor outTensor) {
        float[] x = CpuBackend.array(xTensor);
        float[] w = CpuBackend.array(wTensor);
        float[] out = CpuBackend.array(outTensor);
        CpuParallel.forRange(s.n * s.cout, s.work(), task -> {
            int n = task / s.cout;
            int o = task % s.cout;
            for (int g = 0; g < s.order; g++) {
                int y = s.outPlane(n, o, g);
                Arrays.fill(out, y, y + s.ho * s.wo, 0f);
                int[] taps = s.taps[g];
                for (int c = 0; c < s.cin; c++) {
                    for (int h = 0; h < s.fiber; h++) {
                        int xp = s.inPlane(n, c, h);
                        int wp = s.filterSlice(o, c, g, h);
                        for (int t = 0; t < s.k * s.k; t++) {
                            CpuPlanes.addShifted(x, xp, s.h, s.w, out, y, s.ho, s.wo, t / s.k - s.pad,
                                    t % s.k - s.pad, w[wp + taps[t]]);
                        }
                    }
                }
            }
        });
    }

    private static void backwardData(Geometry s, Tensor dyTensor, Tensor wTensor, Tensor dxTensor) {
        float[] dy = CpuBackend.array(dyTensor);
        float[] w = CpuBackend.array(wTensor);
        float[] dx = CpuBackend.array(dxTensor);
        CpuParallel.forRange(s.n * s.cin, s.work() * s.cout / s.cin, task -> {
            int n = task / s.cin;
            int c = task % s.cin;
            for (int h = 0; h < s.fiber; h++) {
                int xp = s.inPlane(n, c, h);
                Arrays.fill(dx, xp, xp + s.h * s.w, 0f);
                for (int o = 0; o < s.cout; o++) {
                    for (int g = 0; g < s.order; g++) {
                        int y = s.outPlane(n, o, g);
                        int wp = s.filterSlice(o, c, g, h);
                        int[] taps = s.taps[g];
                        for (int t = 0; t < s.k * s.k; t++) {
                            CpuPlanes.addShifted(dy, y, s.ho, s.wo, dx, xp, s.h, s.w, s.pad - t / s.k,
                                    s.pad - t % s.k, w[wp + taps[t]]);
                        }
                    }
                }
            }
        });
    }

    private static void backwardFilter(Geometry s, Tensor xTensor, Tensor dyTensor, Tensor dwTensor) {
        float[] x = CpuBackend.array(xTensor);
        float[] dy = CpuBackend.array(dyTensor);
        float[] dw = CpuBackend.array(dwTensor);
        int kk = s.k * s.k;
        CpuParallel.forRange(s.cout * s.cin, s.work() * s.n / s.cin, task -> {
            int o = task / s.cin;
            int c = task % s.cin;
            double[] acc = new double[s.fiber * kk];
            for (int n = 0; n < s.n; n++) {
                for (int g = 0; g < s.order; g++) {
                    int y = s.outPlane(n, o, g);
                    int[] taps = s.taps[g];
                    for (int h = 0; h < s.fiber; h++) {
                        int xp = s.inPlane(n, c, h);
                        int slice = s.slices[g][h] * kk;
                        for (int t = 0; t < kk; t++) {
                            acc[slice + taps[t]] += CpuPlanes.correlate(x, xp, s.h, s.w, dy, y, s.ho, s.wo,
                                    t / s.k - s.pad, t % s.k - s.pad);
                        }
                    }
                }
            }
            int base = task * s.fiber * kk;
            for (int i = 0; i < acc.length; i++) {
                dw[base + i] = (float) acc[i];
            }
        });
    }
}
