package dev.jace.backend.cpu;

/**
 * The im2col + {@link CpuGemm} correlation driver on raw arrays, shared by {@link CpuConv2d} and the direct group
 * convolutions of {@link CpuGroupConv}. Forward and backward-data run as one correlation kernel (im2col of a band of
 * output rows, then GEMM), parallel over samples × row bands; {@link CpuFilterGradient} computes the filter
 * gradient. Every task owns its outputs and sums in a fixed order, so results are bitwise deterministic.
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
     * Fills the rows {@code col[(c·kh + a)·kw + b]} (one per filter tap, {@code (y1-y0)·ow} long) with
     * {@code in[c, y + a - padTop, x + b - padLeft]} for output rows {@code [y0, y1)}. Entries outside the input are
     * not written: zero in fresh rows, and still zero in rows an earlier call with the same sizes filled.
     */
    static void im2col(float[] in, int inBase, int cin, int h, int w, int kh, int kw, int padTop, int padLeft,
                       int y0, int y1, int ow, float[][] col) {
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
}
