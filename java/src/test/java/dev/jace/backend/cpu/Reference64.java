package dev.jace.backend.cpu;

/**
 * Float64 brute-force references for the dense ops, written from the definitions with plain nested loops and no
 * code shared with the backend.
 */
final class Reference64 {

    private Reference64() {
    }

    /** {@code [m, n] = op(a) · op(b)}; a is [m, k] (or [k, m] when transposed), b is [k, n] (or [n, k]). */
    static double[] matmul(double[] a, boolean ta, double[] b, boolean tb, int m, int n, int k) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[p * m + i] : a[i * k + p];
                    double bv = tb ? b[j * k + p] : b[p * n + j];
                    s += av * bv;
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    /**
     * {@code dw[o, c, a, b] = Σ_{n,y,x} x[n, c, y + a - pt, x + b - pl] · dy[n, o, y, x]}, the filter gradient of
     * a stride-1 cross-correlation; {@code same} pads by k/2 on each side (odd k), otherwise no padding.
     */
    static double[] conv2dFilterGradient(double[] x, int batch, int cin, int h, int w, double[] dy, int cout, int kh,
                                         int kw, boolean same) {
        int oh = same ? h : h - kh + 1;
        int ow = same ? w : w - kw + 1;
        int pt = same ? kh / 2 : 0;
        int pl = same ? kw / 2 : 0;
        double[] dw = new double[cout * cin * kh * kw];
        for (int o = 0; o < cout; o++) {
            for (int c = 0; c < cin; c++) {
                for (int a = 0; a < kh; a++) {
                    for (int b = 0; b < kw; b++) {
                        double s = 0;
                        for (int n = 0; n < batch; n++) {
                            for (int y = 0; y < oh; y++) {
                                for (int xx = 0; xx < ow; xx++) {
                                    int sy = y + a - pt;
                                    int sx = xx + b - pl;
                                    if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
                                        s += x[((n * cin + c) * h + sy) * w + sx]
                                                * dy[((n * cout + o) * oh + y) * ow + xx];
                                    }
                                }
                            }
                        }
                        dw[((o * cin + c) * kh + a) * kw + b] = s;
                    }
                }
            }
        }
        return dw;
    }

    /**
     * {@code dx[n, c, y, x] = Σ_{o,a,b} dy[n, o, y - a + pt, x - b + pl] · f[o, c, a, b]} (zero outside dy), the input
     * gradient of a stride-1 cross-correlation; {@code same} pads by k/2 on each side (odd k), otherwise no padding.
     */
    static double[] conv2dInputGradient(double[] dy, int batch, int cout, int h, int w, double[] f, int cin, int kh,
                                        int kw, boolean same) {
        int oh = same ? h : h - kh + 1;
        int ow = same ? w : w - kw + 1;
        int pt = same ? kh / 2 : 0;
        int pl = same ? kw / 2 : 0;
        double[] dx = new double[batch * cin * h * w];
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < cin; c++) {
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        double s = 0;
                        for (int o = 0; o < cout; o++) {
                            for (int a = 0; a < kh; a++) {
                                for (int b = 0; b < kw; b++) {
                                    int ty = y - a + pt;
                                    int tx = xx - b + pl;
                                    if (ty >= 0 && ty < oh && tx >= 0 && tx < ow) {
                                        s += dy[((n * cout + o) * oh + ty) * ow + tx]
                                                * f[((o * cin + c) * kh + a) * kw + b];
                                    }
                                }
                            }
                        }
                        dx[((n * cin + c) * h + y) * w + xx] = s;
                    }
                }
            }
        }
        return dx;
    }

    /** Pooling of {@code planes} planes h × w; {@code max} picks the maximum, otherwise the mean. */
    static double[] pool(double[] x, int planes, int h, int w, int window, int stride, boolean max) {
        int oh = (h - window) / stride + 1;
        int ow = (w - window) / stride + 1;
        double[] out = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    double best = Double.NEGATIVE_INFINITY;
                    double sum = 0;
                    for (int a = 0; a < window; a++) {
                        for (int b = 0; b < window; b++) {
                            double v = x[(p * h + y * stride + a) * w + xx * stride + b];
                            best = Math.max(best, v);
                            sum += v;
                        }
                    }
                    out[(p * oh + y) * ow + xx] = max ? best : sum / (window * window);
                }
            }
        }
        return out;
    }

    /** Batch norm statistics and output of x viewed as [n, c, inner]. */
    record BatchNorm(double[] out, double[] mean, double[] invStd, double[] unbiasedVar) {
    }

    static BatchNorm batchNorm(double[] x, int n, int c, int inner, double[] gamma, double[] beta, double eps) {
        double[] mean = new double[c];
        double[] invStd = new double[c];
        double[] unbiased = new double[c];
        double[] out = new double[x.length];
        int m = n * inner;
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < inner; j++) {
                    s += x[(i * c + ch) * inner + j];
                }
            }
            mean[ch] = s / m;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < inner; j++) {
                    double d = x[(i * c + ch) * inner + j] - mean[ch];
                    ss += d * d;
                }
            }
            invStd[ch] = 1 / Math.sqrt(ss / m + eps);
            unbiased[ch] = ss / (m - 1);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < inner; j++) {
                    int idx = (i * c + ch) * inner + j;
                    out[idx] = gamma[ch] * (x[idx] - mean[ch]) * invStd[ch] + beta[ch];
                }
            }
        }
        return new BatchNorm(out, mean, invStd, unbiased);
    }

    /** Per-sample softmax cross-entropy of logits [n, k] against integer labels. */
    static double[] crossEntropy(double[] logits, int n, int k, int[] labels) {
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[i * k + j]);
            }
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += Math.exp(logits[i * k + j] - max);
            }
            loss[i] = max + Math.log(s) - logits[i * k + labels[i]];
        }
        return loss;
    }
}
