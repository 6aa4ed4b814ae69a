package dev.jace.backend.cpu;

import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Arrays;

/** Max and average pooling over the last two axes, parallel over the leading planes (each task owns its plane). */
final class CpuPool2d {

    private CpuPool2d() {
    }

    /** Plane geometry: {@code planes} slices of {@code h × w} pooled to {@code oh × ow}. */
    private record Geometry(int planes, int h, int w, int oh, int ow) {
        static Geometry of(Shape x, Shape pooled) {
            int h = x.dim(-2);
            int w = x.dim(-1);
            return new Geometry(x.size() / (h * w), h, w, pooled.dim(-2), pooled.dim(-1));
        }
    }

    static void max(Tensor x, int window, int stride, Tensor out) {
        Geometry g = Geometry.of(x.shape(), out.shape());
        float[] xv = CpuBackend.array(x);
        float[] ov = CpuBackend.array(out);
        CpuParallel.forRange(g.planes(), (long) g.oh() * g.ow() * window * window, p -> {
            if (window == 2 && stride == 2) {
                max2(xv, p, g, ov);
                return;
            }
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++) {
                    ov[(p * g.oh() + oy) * g.ow() + ox] = xv[argmax(xv, p, g, window, oy * stride, ox * stride)];
                }
            }
        });
    }

    static void maxBackward(Tensor x, Tensor dy, int window, int stride, Tensor dx) {
        Geometry g = Geometry.of(x.shape(), dy.shape());
        float[] xv = CpuBackend.array(x);
        float[] dyv = CpuBackend.array(dy);
        float[] dxv = CpuBackend.array(dx);
        CpuParallel.forRange(g.planes(), (long) g.oh() * g.ow() * window * window, p -> {
            Arrays.fill(dxv, p * g.h() * g.w(), (p + 1) * g.h() * g.w(), 0f);
            if (window == 2 && stride == 2) {
                maxBackward2(xv, dyv, p, g, dxv);
                return;
            }
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++) {
                    dxv[argmax(xv, p, g, window, oy * stride, ox * stride)] += dyv[(p * g.oh() + oy) * g.ow() + ox];
                }
            }
        });
    }

    /** Window 2, stride 2, the common case: each window's {@link #firstMaximum2}. */
    private static void max2(float[] x, int p, Geometry g, float[] out) {
        for (int oy = 0; oy < g.oh(); oy++) {
            int r0 = (p * g.h() + 2 * oy) * g.w();
            int o = (p * g.oh() + oy) * g.ow();
            for (int ox = 0; ox < g.ow(); ox++) {
                out[o + ox] = x[firstMaximum2(x, p, g, oy, ox, r0 + 2 * ox)];
            }
        }
    }

    /** Window 2, stride 2 backward into a zeroed plane: each window's gradient goes to its {@link #firstMaximum2}. */
    private static void maxBackward2(float[] x, float[] dy, int p, Geometry g, float[] dx) {
        for (int oy = 0; oy < g.oh(); oy++) {
            int r0 = (p * g.h() + 2 * oy) * g.w();
            int o = (p * g.oh() + oy) * g.ow();
            for (int ox = 0; ox < g.ow(); ox++) {
                // 0f + dy: the bits of the general path's += into a zero
                dx[firstMaximum2(x, p, g, oy, ox, r0 + 2 * ox)] = 0f + dy[o + ox];
            }
        }
    }

    /**
     * {@link #argmax} of the 2×2 window (oy, ox) of plane p, whose top-left element is x[i]: the first element equal
     * to the window's {@code Math.max}, found from a 4-bit mask of the equalities instead of by compare-and-branch,
     * whose branches a post-ReLU map mispredicts (about 2× faster, JDK 25, measured). A zero maximum equals zeros
     * of either sign, so the first zero's sign is kept; a window with a NaN (whose maximum is NaN, equal to nothing)
     * is left to argmax.
     */
    private static int firstMaximum2(float[] x, int p, Geometry g, int oy, int ox, int i) {
        int w = g.w();
        float a = x[i];
        float b = x[i + 1];
        float c = x[i + w];
        float d = x[i + w + 1];
        float m = Math.max(Math.max(a, b), Math.max(c, d));
        int equal = (a == m ? 1 : 0) | (b == m ? 2 : 0) | (c == m ? 4 : 0) | (d == m ? 8 : 0);
        int first = Integer.numberOfTrailingZeros(equal);
        return equal != 0 ? i + (first & 1) + (first >> 1) * w : argmax(x, p, g, 2, 2 * oy, 2 * ox);
    }

    /**
     * Index of the first maximal element, in row-major window order, of the window at (y0, x0) of plane p; a NaN is
     * the maximum (the window's first NaN), as in the group max pool, so that it reaches the loss instead of being
     * dropped.
     */
    private static int argmax(float[] x, int p, Geometry g, int window, int y0, int x0) {
        int best = (p * g.h() + y0) * g.w() + x0;
        for (int r = 0; r < window; r++) {
            int row = (p * g.h() + y0 + r) * g.w() + x0;
            for (int i = row; i < row + window; i++) {
                if (x[i] > x[best] || Float.isNaN(x[i]) && !Float.isNaN(x[best])) {
                    best = i;
                }
            }
        }
        return best;
    }

    static void avg(Tensor x, int window, int stride, Tensor out) {
        Geometry g = Geometry.of(x.shape(), out.shape());
        float[] xv = CpuBackend.array(x);
        float[] ov = CpuBackend.array(out);
        double inverseArea = 1.0 / (window * window);
        CpuParallel.forRange(g.planes(), (long) g.oh() * g.ow() * window * window, p -> {
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++) {
                    double s = 0;
                    for (int r = 0; r < window; r++) {
                        int row = (p * g.h() + oy * stride + r) * g.w() + ox * stride;
                        for (int i = row; i < row + window; i++) {
                            s += xv[i];
                        }
                    }
                    ov[(p * g.oh() + oy) * g.ow() + ox] = (float) (s * inverseArea);
                }
            }
        });
    }

    static void avgBackward(Tensor dy, int window, int stride, Tensor dx) {
        Geometry g = Geometry.of(dx.shape(), dy.shape());
        float[] dyv = CpuBackend.array(dy);
        float[] dxv = CpuBackend.array(dx);
        float inverseArea = 1f / (window * window);
        CpuParallel.forRange(g.planes(), (long) g.oh() * g.ow() * window * window, p -> {
            Arrays.fill(dxv, p * g.h() * g.w(), (p + 1) * g.h() * g.w(), 0f);
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++) {
                    float share = dyv[(p * g.oh() + oy) * g.ow() + ox] * inverseArea;
                    for (int r = 0; r < window; r++) {
                        int row = (p * g.h() + oy * stride + r) * g.w() + ox * stride;
                        for (int i = row; i < row + window; i++) {
                            dxv[i] += share;
                        }
                    }
                }
            }
        });
    }
}
