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

    /**
     * Window 2, stride 2, the common case, with the result of {@link #argmax}: {@code Math.max} vectorises (about
     * 2–3× faster than the compare-and-branch loop, JDK 25, measured) and equals it but for a zero maximum (the
     * first zero's sign is kept there, {@code Math.max} prefers +0) and NaN (there a NaN counts only as the first
     * element); those windows are redone by {@link #argmax}.
     */
    private static void max2(float[] x, int p, Geometry g, float[] out) {
        for (int oy = 0; oy < g.oh(); oy++) {
            int r0 = (p * g.h() + 2 * oy) * g.w();
            int r1 = r0 + g.w();
            int o = (p * g.oh() + oy) * g.ow();
            for (int ox = 0; ox < g.ow(); ox++) {
                out[o + ox] = Math.max(Math.max(x[r0 + 2 * ox], x[r0 + 2 * ox + 1]),
                        Math.max(x[r1 + 2 * ox], x[r1 + 2 * ox + 1]));
            }
            for (int ox = 0; ox < g.ow(); ox++) {
                float m = out[o + ox];
                if (m == 0f || m != m) {
                    out[o + ox] = x[argmax(x, p, g, 2, 2 * oy, 2 * ox)];
                }
            }
        }
    }

    /**
     * Window 2, stride 2 backward into a zeroed plane: each window's gradient goes to the first element equal to the
     * window's {@code Math.max}, found from a 4-bit mask of the equalities instead of by compare-and-branch, whose
     * branches a post-ReLU map mispredicts (about 2× faster, JDK 25, measured). That is {@link #argmax}'s element for
     * every window without a NaN (a zero maximum equals zeros of either sign); windows with a NaN use argmax. The
     * store is {@code 0f + dy}, the bits of the general path's {@code +=} into a zero.
     */
    private static void maxBackward2(float[] x, float[] dy, int p, Geometry g, float[] dx) {
        int w = g.w();
        for (int oy = 0; oy < g.oh(); oy++) {
            int r0 = (p * g.h() + 2 * oy) * w;
            int o = (p * g.oh() + oy) * g.ow();
            for (int ox = 0; ox < g.ow(); ox++) {
                int i = r0 + 2 * ox;
                float a = x[i];
                float b = x[i + 1];
                float c = x[i + w];
                float d = x[i + w + 1];
                float m = Math.max(Math.max(a, b), Math.max(c, d));
                int equal = (a == m ? 1 : 0) | (b == m ? 2 : 0) | (c == m ? 4 : 0) | (d == m ? 8 : 0);
                int first = Integer.numberOfTrailingZeros(equal);
                int at = equal != 0 ? i + (first & 1) + (first >> 1) * w : argmax(x, p, g, 2, 2 * oy, 2 * ox);
                dx[at] = 0f + dy[o + ox];
            }
        }
    }

    /** Index of the first maximal element, in row-major window order, of the window at (y0, x0) of plane p. */
    private static int argmax(float[] x, int p, Geometry g, int window, int y0, int x0) {
        int best = (p * g.h() + y0) * g.w() + x0;
        for (int r = 0; r < window; r++) {
            int row = (p * g.h() + y0 + r) * g.w() + x0;
            for (int i = row; i < row + window; i++) {
                if (x[i] > x[best]) {
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
