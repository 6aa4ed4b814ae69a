package dev.jace.backend.cpu;

import dev.jace.backend.PoolMode;
import dev.jace.tensor.Tensor;

import java.util.Arrays;

/**
 * Max or mean over the group axis of {@code [N, C, |G|, H, W]}; MAX ties go to the lowest group index, and a NaN
 * anywhere in a fibre is its max (the first NaN takes the gradient), as in libjace's jace_group_pool.
 */
final class CpuGroupPool {

    private CpuGroupPool() {
    }

    static void forward(Tensor x, PoolMode mode, Tensor out) {
        float[] in = CpuBackend.array(x);
        float[] y = CpuBackend.array(out);
        int order = x.shape().dim(2);
        int plane = x.shape().sizeFrom(3);
        int planes = x.shape().dim(0) * x.shape().dim(1);
        CpuParallel.forRange(planes, (long) order * plane, nc -> {
            int base = nc * order * plane;
            for (int q = 0; q < plane; q++) {
                y[nc * plane + q] = mode == PoolMode.MAX ? max(in, base + q, order, plane)
                        : (float) (sum(in, base + q, order, plane) / order);
            }
        });
    }

    /** {@code x[at + arg·stride]}. */
    private static float max(float[] x, int at, int order, int stride) {
        return x[at + arg(x, at, order, stride) * stride];
    }

    /** The first NaN among {@code x[at + g·stride]}, {@code g < order}, else the first that no later one exceeds. */
    private static int arg(float[] x, int at, int order, int stride) {
        int arg = 0;
        float best = x[at];
        for (int g = 1; g < order; g++) {
            float v = x[at + g * stride];
            if (v > best || (Float.isNaN(v) && !Float.isNaN(best))) {
                arg = g;
                best = v;
            }
        }
        return arg;
    }

    /** {@code Σ x[at + g·stride]} over {@code g < order}, in double and in g order. */
    private static double sum(float[] x, int at, int order, int stride) {
        double s = x[at];
        for (int g = 1; g < order; g++) {
            s += x[at + g * stride];
        }
        return s;
    }

    static void backward(Tensor x, Tensor dy, PoolMode mode, Tensor dx) {
        float[] in = CpuBackend.array(x);
        float[] gy = CpuBackend.array(dy);
        float[] gx = CpuBackend.array(dx);
        int order = x.shape().dim(2);
        int plane = x.shape().sizeFrom(3);
        int planes = x.shape().dim(0) * x.shape().dim(1);
        CpuParallel.forRange(planes, (long) order * plane, nc -> {
            int base = nc * order * plane;
            if (mode == PoolMode.MEAN) {
                for (int g = 0; g < order; g++) {
                    for (int q = 0; q < plane; q++) {
                        gx[base + g * plane + q] = gy[nc * plane + q] / order;
                    }
                }
                return;
            }
            Arrays.fill(gx, base, base + order * plane, 0f);
            for (int q = 0; q < plane; q++) {
                gx[base + arg(in, base + q, order, plane) * plane + q] = gy[nc * plane + q];
            }
        });
    }
}
