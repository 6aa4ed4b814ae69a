package dev.jace.backend.cpu;

import java.util.Arrays;

/**
 * The im2col + {@link CpuGemm} correlation driver on raw arrays, shared by {@link CpuConv2d} and the direct group
 * convolutions of {@link CpuGroupConv}. Forward and backward-data run as one correlation kernel (im2col of a band of
 * output rows, then GEMM), parallel over samples × row bands; the filter gradient is parallel over input channels.
 * Every task owns its outputs and sums in a fixed order, so results are bitwise deterministic.
 */
final class CpuCorrelation {

    /** Output pixels per task: the im2col band then fits in L2 for typical channel counts. */
    private static final int PIXELS_PER_TASK = 256;

    private CpuCorrelation() {
    }

    /** {@code r[c, o, a, b] = w[o, c, kh-1-a, kw-1-b]}. */
    static float[] rotatedTranspose(float[] w, int cout, int cin, int kh, int kw) {
        float[] r = new float[w.length];
        for (int o = 0; o < cout; o++) {
            for (int c = 0; c < cin; c++) {
                for (int a = 0; a < kh; a++) {
                    for (int b = 0; b < kw; b++) {
                        r[((c * cout + o) * kh + a) * kw + b] =
                                w[((o * cin + c) * kh + kh - 1 - a) * kw + kw - 1 - b];
                    }
                }
            }
        }
        return r;
    }

    /**
     * {@code out[n, o, y, x] = Σ_{c,a,b} in[n, c, y + a - padTop, x + b - padLeft] · filter[o, c, a, b]}, with
     * zeros outside the input; {@code in [batch, cin, h, w]}, {@code out [batch, cout, oh, ow]}.
     */
    static void correlate(float[] in, int batch, int cin, int h, int w, float[] filter, int cout, int kh, int kw,
                          int padTop, int padLeft, float[] out, int oh, int ow) {
        int depth = cin * kh * kw;
        int bandRows = Math.clamp(PIXELS_PER_TASK / ow, 1, oh);
        int bands = (oh + bandRows - 1) / bandRows;
        long work = (long) cout * depth * bandRows * ow;
        CpuParallel.forRange(batch * bands, work, task -> {
            int n = task / bands;
            int y0 = (task % bands) * bandRows;
            int y1 = Math.min(oh, y0 + bandRows);
            int pixels = (y1 - y0) * ow;
            float[][] col = new float[depth][pixels];
            im2col(in, n * cin * h * w, cin, h, w, kh, kw, padTop, padLeft, y0, y1, ow, col);
            float[][] c = CpuGemm.multiply(filter, 0, depth, 1, col, 0, depth, pixels, 0, cout);
            for (int o = 0; o < cout; o++) {
                System.arraycopy(c[o], 0, out, ((n * cout + o) * oh + y0) * ow, pixels);
            }
        });
    }

    /**
     * Fills the zeroed rows {@code col[(c·kh + a)·kw + b]} (one per filter tap, {@code (y1-y0)·ow} long) with
     * {@code in[c, y + a - padTop, x + b - padLeft]} for output rows {@code [y0, y1)}, leaving zero outside the input.
     */
    private static void im2col(float[] in, int inBase, int cin, int h, int w, int kh, int kw, int padTop,
                               int padLeft, int y0, int y1, int ow, float[][] col) {
        for (int c = 0; c < cin; c++) {
            for (int a = 0; a < kh; a++) {
                int yFrom = Math.max(y0, padTop - a);
                int yTo = Math.min(y1, h + padTop - a);
                for (int b = 0; b < kw; b++) {
                    float[] row = col[(c * kh + a) * kw + b];
                    int xFrom = Math.max(0, padLeft - b);
                    int xTo = Math.min(ow, w + padLeft - b);
                    if (xTo <= xFrom) {
                        continue;
                    }
                    for (int y = yFrom; y < yTo; y++) {
                        int src = inBase + (c * h + y + a - padTop) * w + xFrom + b - padLeft;
                        System.arraycopy(in, src, row, (y - y0) * ow + xFrom, xTo - xFrom);
                    }
                }
            }
        }
    }

    /**
     * {@code dw[o, c, a, b] = Σ_{n,y,x} in[n, c, y + a - padTop, x + b - padLeft] · dy[n, o, y, x]}, the filter
     * gradient of {@link #correlate}: parallel over input channels, each task owning {@code dw[:, c]}; every
     * sample is summed in float, the samples in double.
     */
    static void filterGradient(float[] x, int batch, int cin, int h, int w, float[] dy, int cout, int oh, int ow,
                               int kh, int kw, int padTop, int padLeft, float[] dw) {
        float[] dyT = pixelMajor(dy, batch, cout, oh * ow);
        CpuParallel.forRange(cin, (long) batch * cout * kh * kw * oh * ow, c -> {
            int taps = kh * kw;
            float[] sample = new float[taps * cout];
            double[] total = new double[taps * cout];
            for (int n = 0; n < batch; n++) {
                Arrays.fill(sample, 0f);
                int xBase = (n * cin + c) * h * w;
                int yBase = n * oh * ow;
                for (int a = 0; a < kh; a++) {
                    for (int b = 0; b < kw; b++) {
                        accumulateTap(x, xBase, h, w, dyT, yBase, oh, ow, cout, a - padTop, b - padLeft,
                                sample, (a * kw + b) * cout);
                    }
                }
                for (int i = 0; i < total.length; i++) {
                    total[i] += sample[i];
                }
            }
            for (int o = 0; o < cout; o++) {
                for (int t = 0; t < taps; t++) {
                    dw[(o * cin + c) * taps + t] = (float) total[t * cout + o];
                }
            }
        });
    }

    /**
     * {@code acc[accBase + o] += Σ_{y,x} in[xBase + (y + dy)·w + x + dx] · dyT[(yBase + y·ow + x)·cout + o]} over
     * the output pixels whose shifted input pixel lies inside the image.
     */
    private static void accumulateTap(float[] in, int xBase, int h, int w, float[] dyT, int yBase, int oh, int ow,
                                      int cout, int shiftY, int shiftX, float[] acc, int accBase) {
        int yFrom = Math.max(0, -shiftY);
        int yTo = Math.min(oh, h - shiftY);
        int xFrom = Math.max(0, -shiftX);
        int xTo = Math.min(ow, w - shiftX);
        int accEnd = accBase + cout;
        for (int y = yFrom; y < yTo; y++) {
            int src = xBase + (y + shiftY) * w + shiftX;
            int x = xFrom;
            // Four pixels per sweep of the accumulator, summed left to right so the rounding is that of one
            // pixel at a time.
            for (; x + 3 < xTo; x += 4) {
                float v0 = in[src + x];
                float v1 = in[src + x + 1];
                float v2 = in[src + x + 2];
                float v3 = in[src + x + 3];
                int p0 = (yBase + y * ow + x) * cout - accBase;
                int p1 = p0 + cout;
                int p2 = p1 + cout;
                int p3 = p2 + cout;
                for (int o = accBase; o < accEnd; o++) {
                    acc[o] = acc[o] + v0 * dyT[p0 + o] + v1 * dyT[p1 + o] + v2 * dyT[p2 + o] + v3 * dyT[p3 + o];
                }
            }
            for (; x < xTo; x++) {
                float v = in[src + x];
                int p = (yBase + y * ow + x) * cout - accBase;
                for (int o = accBase; o < accEnd; o++) {
                    acc[o] = acc[o] + v * dyT[p + o];
                }
            }
        }
    }

    /** Per sample, the [pixels, channels] transpose of {@code v [batch, channels, pixels]}. */
    private static float[] pixelMajor(float[] v, int batch, int channels, int pixels) {
        float[] t = new float[v.length];
        CpuParallel.forRange(batch, (long) channels * pixels, n -> {
            int base = n * channels * pixels;
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < pixels; p++) {
                    t[base + p * channels + c] = v[base + c * pixels + p];
                }
            }
        });
        return t;
    }
}
