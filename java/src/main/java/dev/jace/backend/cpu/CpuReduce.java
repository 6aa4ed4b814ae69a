package dev.jace.backend.cpu;

import dev.jace.tensor.Tensor;

import java.util.Arrays;

/**
 * Sums and means, accumulated in double. Parallel partial sums cover fixed index ranges and are combined in
 * index order, so results do not depend on the thread count.
 */
final class CpuReduce {

    private static final int CHUNK = 1 << 16;

    private CpuReduce() {
    }

    static void sum(Tensor x, Tensor out) {
        CpuBackend.array(out)[0] = (float) total(CpuBackend.array(x));
    }

    static void mean(Tensor x, Tensor out) {
        float[] xv = CpuBackend.array(x);
        CpuBackend.array(out)[0] = (float) (total(xv) / xv.length);
    }

    /** {@code scale · Σ_j x_j} (or of |x_j|) over one-element parts, summed in order. */
    static double sumToScalar(Tensor[] parts, boolean absolute, double scale) {
        double sum = 0.0;
        for (Tensor part : parts) {
            double x = CpuBackend.array(part)[0];
            sum += absolute ? Math.abs(x) : x;
        }
        return scale * sum;
    }

    private static double total(float[] values) {
        double[] partial = new double[CpuChunks.count(values.length, CHUNK)];
        CpuChunks.forEach(values.length, CHUNK, CHUNK, (c, from, to) -> {
            double s = 0;
            for (int i = from; i < to; i++) {
                s += values[i];
            }
            partial[c] = s;
        });
        double s = 0;
        for (double p : partial) {
            s += p;
        }
        return s;
    }

    static void sumAxis(Tensor x, int axis, Tensor out) {
        reduceAxis(x, axis, out, 1.0);
    }

    static void meanAxis(Tensor x, int axis, Tensor out) {
        reduceAxis(x, axis, out, 1.0 / x.shape().dim(axis));
    }

    /**
     * Views x as [outer, length, inner] and writes {@code out[o, i] = factor · Σ_l x[o, l, i]}. A task covers a
     * run of outer rows and a slice of the inner axis, so both tall and wide views split into enough tasks.
     */
    private static void reduceAxis(Tensor x, int axis, Tensor out, double factor) {
        float[] xv = CpuBackend.array(x);
        float[] ov = CpuBackend.array(out);
        int length = x.shape().dim(axis);
        int inner = x.shape().sizeFrom(axis + 1);
        int outer = xv.length / (length * inner);
        int slice = Math.min(inner, 4096);
        int slices = (inner + slice - 1) / slice;
        int rowsPerTask = Math.max(1, CHUNK / (length * slice));
        int rowTasks = (outer + rowsPerTask - 1) / rowsPerTask;
        CpuParallel.forRange(rowTasks * slices, (long) rowsPerTask * length * slice, task -> {
            int o0 = (task / slices) * rowsPerTask;
            int i0 = (task % slices) * slice;
            int width = Math.min(inner, i0 + slice) - i0;
            double[] acc = new double[width];
            for (int o = o0; o < Math.min(outer, o0 + rowsPerTask); o++) {
                Arrays.fill(acc, 0);
                for (int l = 0; l < length; l++) {
                    int row = (o * length + l) * inner + i0;
                    for (int i = 0; i < width; i++) {
                        acc[i] += xv[row + i];
                    }
                }
                for (int i = 0; i < width; i++) {
                    ov[o * inner + i0 + i] = (float) (acc[i] * factor);
                }
            }
        });
    }

    static void channelSum(Tensor x, Tensor out) {
        float[] xv = CpuBackend.array(x);
        float[] ov = CpuBackend.array(out);
        int channels = x.shape().dim(1);
        int inner = x.shape().sizeFrom(2);
        int batch = x.shape().dim(0);
        CpuParallel.forRange(channels, (long) batch * inner, c -> {
            double s = 0;
            for (int n = 0; n < batch; n++) {
                s += CpuSums.sum(xv, (n * channels + c) * inner, (n * channels + c + 1) * inner);
            }
            ov[c] = (float) s;
        });
    }
}
