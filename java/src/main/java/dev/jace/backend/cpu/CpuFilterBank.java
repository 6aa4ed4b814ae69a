package dev.jace.backend.cpu;

import dev.jace.backend.GroupTable;
import dev.jace.tensor.Tensor;

/**
 * Filter banks that turn lifting and group convolutions into plain convolutions, and their adjoints. The
 * transformed filter {@code g·w} is gathered through {@link CpuSpatialMap#filterTaps}; the adjoints scatter back
 * (the transpose of a permutation is its inverse) and sum in double, one task per output channel.
 */
final class CpuFilterBank {

    private CpuFilterBank() {
    }

    /** {@code out[o·|G| + g, c] = g · w[o, c]}. */
    static void expandLifting(Tensor w, GroupTable group, Tensor out) {
        transfer(w, group, 1, CpuBackend.array(w), CpuBackend.array(out), false);
    }

    /** {@code dw[o, c] = Σ_g g⁻¹ · dExpanded[o·|G| + g, c]}. */
    static void expandLiftingAdjoint(Tensor dExpanded, GroupTable group, Tensor dw) {
        transfer(dw, group, 1, CpuBackend.array(dw), CpuBackend.array(dExpanded), true);
    }

    /** {@code out[o·|G| + g, c·|G| + h] = g · w[o, c, g⁻¹h]}. */
    static void expandGroup(Tensor w, GroupTable group, Tensor out) {
        transfer(w, group, group.order(), CpuBackend.array(w), CpuBackend.array(out), false);
    }

    static void expandGroupAdjoint(Tensor dExpanded, GroupTable group, Tensor dw) {
        transfer(dw, group, group.order(), CpuBackend.array(dw), CpuBackend.array(dExpanded), true);
    }

    /**
     * Gathers {@code bank[o·|G| + g, c·fiber + h, t] = filter[o, c, slice(g, h), taps[g][t]]} (adjoint: scatters
     * the bank back into the filter), where {@code slice(g, h) = g⁻¹h} for group filters ({@code fiber = |G|})
     * and 0 for lifting filters ({@code fiber = 1}).
     */
    private static void transfer(Tensor filterTensor, GroupTable group, int fiber, float[] filter, float[] bank,
                                 boolean adjoint) {
        int cout = filterTensor.shape().dim(0);
        int cin = filterTensor.shape().dim(1);
        int k = filterTensor.shape().dim(-1);
        int kk = k * k;
        int order = group.order();
        int[][] taps = CpuSpatialMap.filterTaps(group, k);
        int[][] slices = CpuGroupConv.filterSlices(group, fiber);
        int perOut = cin * fiber * kk;
        CpuParallel.forRange(cout, (long) order * perOut, o -> {
            double[] acc = adjoint ? new double[perOut] : null;
            for (int g = 0; g < order; g++) {
                for (int c = 0; c < cin; c++) {
                    for (int h = 0; h < fiber; h++) {
                        int from = (c * fiber + slices[g][h]) * kk;
                        int to = (((o * order + g) * cin + c) * fiber + h) * kk;
                        for (int t = 0; t < kk; t++) {
                            if (adjoint) {
                                acc[from + taps[g][t]] += bank[to + t];
                            } else {
                                bank[to + t] = filter[o * perOut + from + taps[g][t]];
                            }
                        }
                    }
                }
            }
            if (adjoint) {
                for (int i = 0; i < perOut; i++) {
                    filter[o * perOut + i] = (float) acc[i];
                }
            }
        });
    }
}
