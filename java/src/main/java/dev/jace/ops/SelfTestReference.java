package dev.jace.ops;

import dev.jace.group.Element;
import dev.jace.group.Group;

/**
 * The self-test's layers in float64, written from the definitions with plain loops and no code shared with a
 * backend, so that a kernel that is equivariant but wrong (one that writes nothing, or a constant) is told apart.
 */
final class SelfTestReference {

    private SelfTestReference() {
    }

    /**
     * A lifting ({@code lifting}: x is {@code [n, cin, s, s]}, w {@code [cout, cin, k, k]}) or group (x
     * {@code [n, cin, |G|, s, s]}, w {@code [cout, cin, |G|, k, k]}) convolution with SAME padding (k odd):
     * {@code out[n, o, g] = Σ_{c, h} x[n, c, h] ⋆ L_g w[o, c, g⁻¹h]}, where {@code ⋆} is a stride-1
     * cross-correlation, {@code L_g} acts on the k×k filter as on an image ({@link Element}) and a lifting conv reads
     * {@code w[o, c]} for every h. Returns {@code [n, cout, |G|, s, s]}.
     */
    static double[] conv(Group group, boolean lifting, float[] x, int cin, int size, float[] w, int cout, int k) {
        int order = group.order();
        int fiber = lifting ? 1 : order;
        int channels = cin * fiber;
        int taps = k * k;
        int plane = size * size;
        int batch = x.length / (channels * plane);
        double[][] bank = new double[order][cout * channels * taps];
        for (int g = 0; g < order; g++) {
            for (int o = 0; o < cout; o++) {
                for (int c = 0; c < cin; c++) {
                    for (int h = 0; h < fiber; h++) {
                        int slice = lifting ? 0 : group.compose(group.inverse(g), h);
                        double[] filter = new double[taps];
                        for (int t = 0; t < taps; t++) {
                            filter[t] = w[((o * cin + c) * fiber + slice) * taps + t];
                        }
                        System.arraycopy(act(group.element(g), filter, k), 0, bank[g],
                                (o * channels + c * fiber + h) * taps, taps);
                    }
                }
            }
        }
        int pad = k / 2;
        double[] out = new double[batch * cout * order * plane];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < cout; o++) {
                for (int g = 0; g < order; g++) {
                    for (int y = 0; y < size; y++) {
                        for (int xx = 0; xx < size; xx++) {
                            double sum = 0;
                            for (int ic = 0; ic < channels; ic++) {
                                for (int a = 0; a < k; a++) {
                                    for (int b = 0; b < k; b++) {
                                        int sy = y + a - pad;
                                        int sx = xx + b - pad;
                                        if (sy >= 0 && sy < size && sx >= 0 && sx < size) {
                                            sum += x[((n * channels + ic) * size + sy) * size + sx]
                                                    * bank[g][((o * channels + ic) * k + a) * k + b];
                                        }
                                    }
                                }
                            }
                            out[((n * cout + o) * order + g) * plane + y * size + xx] = sum;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** {@code out[m, p] = max_g y[m, g, p]} for y {@code [m, order, plane]}. */
    static double[] maxOverGroup(double[] y, int order, int plane) {
        int m = y.length / (order * plane);
        double[] out = new double[m * plane];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < plane; p++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int g = 0; g < order; g++) {
                    best = Math.max(best, y[(i * order + g) * plane + p]);
                }
                out[i * plane + p] = best;
            }
        }
        return out;
    }

    /** {@code r^rotation m^flip} on a k×k filter: reflect ({@code y[i][j] = f[i][k-1-j]}), then rotate. */
    private static double[] act(Element g, double[] filter, int k) {
        double[] out = filter;
        if (g.flip() == 1) {
            out = remap(out, k, false);
        }
        for (int r = 0; r < g.rotation(); r++) {
            out = remap(out, k, true);
        }
        return out;
    }

    /** One quarter turn counter-clockwise ({@code y[i][j] = f[j][k-1-i]}) or one reflection. */
    private static double[] remap(double[] f, int k, boolean rotate) {
        double[] y = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                y[i * k + j] = rotate ? f[j * k + k - 1 - i] : f[i * k + k - 1 - j];
            }
        }
        return y;
    }
}
