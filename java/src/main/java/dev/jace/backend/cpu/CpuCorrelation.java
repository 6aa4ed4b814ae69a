package dev.jace.backend.cpu;

/**
 * The im2col + {@link CpuGemm} correlation driver on raw arrays, shared by {@link CpuConv2d} and the direct group
 * convolutions of {@link CpuGroupConv}. Forward and backward-data run as one correlation kernel (im2col of a band of
 * output rows, then GEMM), parallel over samples × row bands; the filter gradient is one GEMM per sample
 * over blocks of input × output channels.
 * Every task owns its outputs and sums in a fixed order, so results are bitwise deterministic.
 */
final class CpuCorrelation {

    /** Output pixels per task: the im2col band then fits in L2 for typical channel counts. */
    private static final int PIXELS_PER_TASK = 256;
    /** Filter-gradient columns (input channels × taps) per task: the width of the GEMM's vectorised loop. */
    private static final int GRADIENT_COLUMNS = 128;
    /** Filter-gradient tasks wanted before output channels are split too: two per core on small machines. */
    private static final int MIN_GRADIENT_TASKS = 8;

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
     * gradient of {@link #correlate}, as one GEMM per sample {@code dy[n] · patches[n]} where {@code patches} is the
     * pixel-major im2col ({@code [oh·ow, cin·kh·kw]}). Tasks own blocks of input channels × output channels of
     * {@code dw}; every sample is summed in float, the samples in double.
     */
    static void filterGradient(float[] x, int batch, int cin, int h, int w, float[] dy, int cout, int oh, int ow,
                               int kh, int kw, int padTop, int padLeft, float[] dw) {
        int taps = kh * kw;
        int pixels = oh * ow;
        int blockChannels = Math.clamp(GRADIENT_COLUMNS / taps, 1, cin);
        int channelBlocks = (cin + blockChannels - 1) / blockChannels;
        int outBlocks = Math.clamp(MIN_GRADIENT_TASKS / channelBlocks, 1, Math.max(1, cout / 2));
        int blockOuts = (cout + outBlocks - 1) / outBlocks;
        CpuParallel.forRange(channelBlocks * outBlocks, (long) batch * blockOuts * blockChannels * taps * pixels,
                task -> {
                    int c0 = (task / outBlocks) * blockChannels;
                    int c1 = Math.min(cin, c0 + blockChannels);
                    int o0 = (task % outBlocks) * blockOuts;
                    int o1 = Math.min(cout, o0 + blockOuts);
                    int width = (c1 - c0) * taps;
                    float[][] patches = new float[pixels][width];
                    double[][] total = new double[o1 - o0][width];
                    for (int n = 0; n < batch; n++) {
                        pixelPatches(x, (n * cin + c0) * h * w, c1 - c0, h, w, kh, kw, padTop, padLeft, oh, ow,
                                patches);
                        float[][] sample = CpuGemm.multiply(dy, n * cout * pixels, pixels, 1, patches, 0, pixels,
                                width, o0, o1);
                        for (int r = 0; r < sample.length; r++) {
                            for (int j = 0; j < width; j++) {
                                total[r][j] += sample[r][j];
                            }
                        }
                    }
                    for (int r = 0; r < total.length; r++) {
                        for (int j = 0; j < width; j++) {
                            dw[((o0 + r) * cin + c0) * taps + j] = (float) total[r][j];
                        }
                    }
                });
    }

    /**
     * {@code patches[y·ow + x][(c·kh + a)·kw + b] = in[c, y + a - padTop, x + b - padLeft]} for the {@code channels}
     * planes from {@code inBase}, zero outside the input.
     */
    private static void pixelPatches(float[] in, int inBase, int channels, int h, int w, int kh, int kw, int padTop,
                                     int padLeft, int oh, int ow, float[][] patches) {
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                float[] row = patches[y * ow + x];
                int i = 0;
                for (int c = 0; c < channels; c++) {
                    for (int a = 0; a < kh; a++) {
                        int sy = y + a - padTop;
                        boolean inside = sy >= 0 && sy < h;
                        int src = inBase + (c * h + sy) * w + x - padLeft;
                        for (int b = 0; b < kw; b++, i++) {
                            int sx = x + b - padLeft;
                            row[i] = inside && sx >= 0 && sx < w ? in[src + b] : 0f;
                        }
                    }
                }
            }
        }
    }
}
