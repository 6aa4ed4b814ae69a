package dev.jace.nn;

import dev.jace.backend.GroupTable;

/** Float64 brute-force versions of the convolutions, written from the {@code Backend} javadoc. */
final class Reference {

    private Reference() {
    }

    /** Image action of element e on the k×k block at {@code offset}: numpy {@code rot90(flip(f, -1)?, r)}. */
    static double[] act(double[] f, int offset, int k, GroupTable group, int e) {
        double[] cur = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                cur[i * k + j] = f[offset + i * k + (group.flipOf(e) == 1 ? k - 1 - j : j)];
            }
        }
        for (int r = 0; r < group.rotationOf(e); r++) {
            double[] next = new double[k * k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    next[i * k + j] = cur[j * k + (k - 1 - i)];
                }
            }
            cur = next;
        }
        return cur;
    }

    /** {@code out[o·|G| + g, c] = g · w[o, c]}. */
    static double[] expandLifting(double[] w, int cout, int cin, int k, GroupTable group) {
        int order = group.order();
        double[] out = new double[cout * order * cin * k * k];
        for (int o = 0; o < cout; o++) {
            for (int g = 0; g < order; g++) {
                for (int c = 0; c < cin; c++) {
                    double[] t = act(w, (o * cin + c) * k * k, k, group, g);
                    System.arraycopy(t, 0, out, ((o * order + g) * cin + c) * k * k, k * k);
                }
            }
        }
        return out;
    }

    /** {@code out[o·|G| + g, c·|G| + h] = g · w[o, c, g⁻¹h]}. */
    static double[] expandGroup(double[] w, int cout, int cin, int k, GroupTable group) {
        int order = group.order();
        double[] out = new double[cout * order * cin * order * k * k];
        for (int o = 0; o < cout; o++) {
            for (int g = 0; g < order; g++) {
                for (int c = 0; c < cin; c++) {
                    for (int h = 0; h < order; h++) {
                        int src = group.compose(group.inverseOf(g), h);
                        double[] t = act(w, ((o * cin + c) * order + src) * k * k, k, group, g);
                        System.arraycopy(t, 0, out, (((o * order + g) * cin + c) * order + h) * k * k, k * k);
                    }
                }
            }
        }
        return out;
    }

    /** {@code y[b, c, ...] += bias[c]} in place for y {@code [n, channels, rest]}. */
    static double[] addBias(double[] y, int n, int channels, double[] bias) {
        int rest = y.length / (n * channels);
        for (int i = 0; i < y.length; i++) {
            y[i] += bias[(i / rest) % channels];
        }
        return y;
    }
}
