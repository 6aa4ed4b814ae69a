package dev.jace.backend.cpu;

import dev.jace.backend.DeviceScalar;
import dev.jace.tensor.Tensor;

/** Elementwise arithmetic and ReLU; each element is written from the same index of its inputs, so aliasing is safe. */
final class CpuElementwise {

    /** Elements per parallel chunk: large enough that forking pays for a memory-bound loop. */
    private static final int CHUNK = 1 << 16;

    private CpuElementwise() {
    }

    /** A loop body over the index range {@code [from, to)}. */
    @FunctionalInterface
    private interface RangeBody {
        void run(int from, int to);
    }

    private static void chunked(int n, RangeBody body) {
        CpuChunks.forEach(n, CHUNK, CHUNK, (c, from, to) -> body.run(from, to));
    }

    static void add(Tensor a, Tensor b, Tensor out) {
        float[] av = CpuBackend.array(a);
        float[] bv = CpuBackend.array(b);
        float[] ov = CpuBackend.array(out);
        chunked(ov.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                ov[i] = av[i] + bv[i];
            }
        });
    }

    static void mul(Tensor a, Tensor b, Tensor out) {
        float[] av = CpuBackend.array(a);
        float[] bv = CpuBackend.array(b);
        float[] ov = CpuBackend.array(out);
        chunked(ov.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                ov[i] = av[i] * bv[i];
            }
        });
    }

    static void scaleBy(Tensor a, Tensor factor, Tensor out) {
        scale(a, CpuBackend.array(factor)[0], out);
    }

    static void scale(Tensor a, float s, Tensor out) {
        float[] av = CpuBackend.array(a);
        float[] ov = CpuBackend.array(out);
        chunked(ov.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                ov[i] = s * av[i];
            }
        });
    }

    static void axpy(float alpha, Tensor x, Tensor y) {
        float[] xv = CpuBackend.array(x);
        float[] yv = CpuBackend.array(y);
        chunked(yv.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                yv[i] += alpha * xv[i];
            }
        });
    }

    static void axpy(DeviceScalar alpha, Tensor x, Tensor y) {
        axpy((float) CpuScalars.value(alpha), x, y);
    }

    static void axpySign(DeviceScalar alpha, Tensor x, Tensor y) {
        axpySign((float) CpuScalars.value(alpha), x, y);
    }

    static void axpySign(float alpha, Tensor x, Tensor y) {
        float[] xv = CpuBackend.array(x);
        float[] yv = CpuBackend.array(y);
        chunked(yv.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                yv[i] += alpha * Math.signum(xv[i]);
            }
        });
    }

    static void addChannelBias(Tensor x, Tensor bias, Tensor out) {
        float[] xv = CpuBackend.array(x);
        float[] bv = CpuBackend.array(bias);
        float[] ov = CpuBackend.array(out);
        int channels = bv.length;
        int inner = x.shape().sizeFrom(2);
        int rows = xv.length / inner;
        CpuParallel.forRange(rows, inner, row -> {
            float b = bv[row % channels];
            int base = row * inner;
            for (int i = base; i < base + inner; i++) {
                ov[i] = xv[i] + b;
            }
        });
    }

    static void relu(Tensor x, Tensor out) {
        float[] xv = CpuBackend.array(x);
        float[] ov = CpuBackend.array(out);
        // Math.max keeps NaN visible instead of silently mapping it to 0.
        chunked(ov.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                ov[i] = Math.max(xv[i], 0f);
            }
        });
    }

    static void reluBackward(Tensor x, Tensor dy, Tensor dx) {
        float[] xv = CpuBackend.array(x);
        float[] dyv = CpuBackend.array(dy);
        float[] dxv = CpuBackend.array(dx);
        // dx = x > 0 ? dy : +0, without the branch (C2 does not vectorise the select, and the signs of x are a
        // coin toss for the branch predictor): keep dy's bits where 1 <= bits(x) <= bits(+inf), i.e. where x is
        // positive and not NaN, so t = bits(x) - 1 lies in [0, bits(+inf)).
        chunked(dxv.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                int t = Float.floatToRawIntBits(xv[i]) - 1;
                int keep = ~t >> 31 & (t - 0x7f800000) >> 31;
                dxv[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dyv[i]) & keep);
            }
        });
    }
}
