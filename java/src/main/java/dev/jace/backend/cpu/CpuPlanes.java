package dev.jace.backend.cpu;

/** Shifted-plane kernels of the direct convolutions: one filter tap applied to a whole plane at a time. */
final class CpuPlanes {

    private CpuPlanes() {
    }

    /**
     * {@code dst[i][j] += weight · src[i + dy][j + dx]} over every {@code (i, j)} of the dh×dw plane {@code dst}
     * whose source lies inside the sh×sw plane {@code src} (zero padding elsewhere).
     */
    static void addShifted(float[] src, int srcOffset, int sh, int sw, float[] dst, int dstOffset, int dh, int dw,
                           int dy, int dx, float weight) {
        int iLo = Math.max(0, -dy);
        int iHi = Math.min(dh, sh - dy);
        int jLo = Math.max(0, -dx);
        int jHi = Math.min(dw, sw - dx);
        for (int i = iLo; i < iHi; i++) {
            int d = dstOffset + i * dw;
            int s = srcOffset + (i + dy) * sw + dx;
            for (int j = jLo; j < jHi; j++) {
                dst[d + j] += weight * src[s + j];
            }
        }
    }

    /** {@code Σ_{i,j} g[i][j] · x[i + dy][j + dx]} in double, g being gh×gw and x xh×xw (zero outside). */
    static double correlate(float[] x, int xOffset, int xh, int xw, float[] g, int gOffset, int gh, int gw, int dy,
                            int dx) {
        int iLo = Math.max(0, -dy);
        int iHi = Math.min(gh, xh - dy);
        int jLo = Math.max(0, -dx);
        int jHi = Math.min(gw, xw - dx);
        double sum = 0;
        for (int i = iLo; i < iHi; i++) {
            int gi = gOffset + i * gw;
            int xi = xOffset + (i + dy) * xw + dx;
            for (int j = jLo; j < jHi; j++) {
                sum += (double) g[gi + j] * x[xi + j];
            }
        }
        return sum;
    }
}
