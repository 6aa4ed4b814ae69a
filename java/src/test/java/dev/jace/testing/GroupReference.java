package dev.jace.testing;

import dev.jace.backend.Padding;
import dev.jace.group.Element;
import dev.jace.group.Group;

/**
 * Float64 brute-force references for the group ops, written independently of the backend: images are transformed
 * with hand-written numpy {@code rot90}/{@code flip}, and convolutions materialise every transformed filter.
 * Arrays are flat row-major with the shape passed alongside.
 */
public final class GroupReference {

    private GroupReference() {
    }

    /** numpy {@code rot90(x, 1, axes=(-2,-1))} of a square n×n image: {@code y[i][j] = x[j][n-1-i]}. */
    public static double[] rot90(double[] x, int n) {
        double[] y = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                y[i * n + j] = x[j * n + (n - 1 - i)];
            }
        }
        return y;
    }

    /** numpy {@code flip(x, axis=-1)} of an h×w image: {@code y[i][j] = x[i][w-1-j]}. */
    public static double[] flip(double[] x, int h, int w) {
        double[] y = new double[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                y[i * w + j] = x[i * w + (w - 1 - j)];
            }
        }
        return y;
    }

    /** numpy {@code rot90(x, 2, axes=(-2,-1))} of an h×w image, any shape: {@code y[i][j] = x[h-1-i][w-1-j]}. */
    public static double[] rot180(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[x.length - 1 - i];
        }
        return y;
    }

    /** {@code r^k m^f} on one image: flip first (if f), then rotate k times (square images unless k is even). */
    public static double[] act(Element e, double[] x, int h, int w) {
        double[] y = e.flip() == 1 ? flip(x, h, w) : x.clone();
        if (e.rotation() == 2) {
            return rot180(y);
        }
        for (int k = 0; k < e.rotation(); k++) {
            y = rot90(y, h);
        }
        return y;
    }

    public static double[] plane(double[] x, int index, int size) {
        double[] p = new double[size];
        System.arraycopy(x, index * size, p, 0, size);
        return p;
    }

    /** Element e on every plane of a tensor whose last two axes are h×w. */
    public static double[] actImages(Element e, double[] x, int h, int w) {
        double[] y = new double[x.length];
        for (int p = 0; p < x.length / (h * w); p++) {
            System.arraycopy(act(e, plane(x, p, h * w), h, w), 0, y, p * h * w, h * w);
        }
        return y;
    }

    /** {@code (g·F)(h) = g·F(g⁻¹h)} on {@code [N, C, |G|, H, W]} flattened with {@code planes = N·C}. */
    public static double[] actGroupMaps(Group group, int g, double[] x, int planes, int h, int w) {
        int order = group.order();
        int hw = h * w;
        double[] y = new double[x.length];
        for (int p = 0; p < planes; p++) {
            for (int a = 0; a < order; a++) {
                int from = p * order + group.compose(group.inverse(g), a);
                System.arraycopy(act(group.element(g), plane(x, from, hw), h, w), 0, y, (p * order + a) * hw, hw);
            }
        }
        return y;
    }

    /** Plain cross-correlation {@code [N, Cin, H, W] ⋆ [Cout, Cin, k, k] -> [N, Cout, H', W']}. */
    public static double[] conv2d(double[] x, int n, int cin, int h, int w, double[] f, int cout, int k,
                                  Padding padding) {
        return conv2d(x, n, cin, h, w, f, cout, k, k, padding);
    }

    /** Plain cross-correlation {@code [N, Cin, H, W] ⋆ [Cout, Cin, kh, kw] -> [N, Cout, H', W']}. */
    public static double[] conv2d(double[] x, int n, int cin, int h, int w, double[] f, int cout, int kh, int kw,
                                  Padding padding) {
        int ho = padding.outputSize(h, kh);
        int wo = padding.outputSize(w, kw);
        int padTop = padding.before(kh);
        int padLeft = padding.before(kw);
        double[] y = new double[n * cout * ho * wo];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < cout; o++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double sum = 0;
                        for (int c = 0; c < cin; c++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int r = i + u - padTop;
                                    int s = j + v - padLeft;
                                    if (r >= 0 && r < h && s >= 0 && s < w) {
                                        sum += x[((b * cin + c) * h + r) * w + s]
                                                * f[((o * cin + c) * kh + u) * kw + v];
                                    }
                                }
                            }
                        }
                        y[((b * cout + o) * ho + i) * wo + j] = sum;
                    }
                }
            }
        }
        return y;
    }

    /** Lifting bank {@code [Cout·|G|, Cin, k, k]}: slot {@code (o·|G| + g, c)} holds {@code g · w[o, c]}. */
    public static double[] liftingBank(Group group, double[] wt, int cout, int cin, int k) {
        int order = group.order();
        double[] bank = new double[cout * order * cin * k * k];
        for (int o = 0; o < cout; o++) {
            for (int g = 0; g < order; g++) {
                for (int c = 0; c < cin; c++) {
                    double[] t = act(group.element(g), plane(wt, o * cin + c, k * k), k, k);
                    System.arraycopy(t, 0, bank, ((o * order + g) * cin + c) * k * k, k * k);
                }
            }
        }
        return bank;
    }

    /**
     * Group bank {@code [Cout·|G|, Cin·|G|, k, k]}: slot {@code (o·|G| + g, c·|G| + h)} holds
     * {@code g · w[o, c, g⁻¹h]}.
     */
    public static double[] groupBank(Group group, double[] wt, int cout, int cin, int k) {
        int order = group.order();
        double[] bank = new double[cout * order * cin * order * k * k];
        for (int o = 0; o < cout; o++) {
            for (int g = 0; g < order; g++) {
                for (int c = 0; c < cin; c++) {
                    for (int h = 0; h < order; h++) {
                        int slice = (o * cin + c) * order + group.compose(group.inverse(g), h);
                        double[] t = act(group.element(g), plane(wt, slice, k * k), k, k);
                        System.arraycopy(t, 0, bank, (((o * order + g) * cin + c) * order + h) * k * k, k * k);
                    }
                }
            }
        }
        return bank;
    }

    /** {@code out[n, o, g] = x[n] ⋆ (g · w[o])} as {@code [N, Cout, |G|, H', W']}. */
    public static double[] liftingConv(Group group, double[] x, int n, int cin, int h, int w, double[] wt, int cout,
                                       int k, Padding padding) {
        return conv2d(x, n, cin, h, w, liftingBank(group, wt, cout, cin, k), cout * group.order(), k, padding);
    }

    /** {@code out[n, o, g] = Σ_{c,h} x[n, c, h] ⋆ (g · w[o, c, g⁻¹h])} as {@code [N, Cout, |G|, H', W']}. */
    public static double[] groupConv(Group group, double[] x, int n, int cin, int h, int w, double[] wt, int cout,
                                     int k, Padding padding) {
        int order = group.order();
        return conv2d(x, n, cin * order, h, w, groupBank(group, wt, cout, cin, k), cout * order, k, padding);
    }

    /** Max or mean over the group axis of {@code [planes, |G|, hw]}. */
    public static double[] groupPool(double[] x, int planes, int order, int hw, boolean max) {
        double[] y = new double[planes * hw];
        for (int p = 0; p < planes; p++) {
            for (int q = 0; q < hw; q++) {
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                for (int g = 0; g < order; g++) {
                    double v = x[(p * order + g) * hw + q];
                    acc = max ? Math.max(acc, v) : acc + v / order;
                }
                y[p * hw + q] = acc;
            }
        }
        return y;
    }

    public static double squaredDistance(double[] a, int aOffset, double[] b, int bOffset, int size) {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double d = a[aOffset + i] - b[bOffset + i];
            sum += d * d;
        }
        return sum;
    }
}
