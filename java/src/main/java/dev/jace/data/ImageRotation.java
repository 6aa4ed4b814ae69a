package dev.jace.data;

/**
 * Rotations of square single-channel images, counter-clockwise like the group element r (numpy
 * {@code rot90(x, k, axes=(-2,-1))}: {@code y[i][j] = x[j][S-1-i]} for a quarter turn).
 */
public final class ImageRotation {

    private ImageRotation() {
    }

    /** {@code dst = r^k · src} for {@code size × size} images at the given offsets; exact. */
    public static void rot90(float[] src, int srcOffset, int size, int k, float[] dst, int dstOffset) {
        int turns = Math.floorMod(k, 4);
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                int si;
                int sj;
                switch (turns) {
                    case 0 -> { si = i; sj = j; }
                    case 1 -> { si = j; sj = size - 1 - i; }
                    case 2 -> { si = size - 1 - i; sj = size - 1 - j; }
                    default -> { si = size - 1 - j; sj = i; }
                }
                dst[dstOffset + i * size + j] = src[srcOffset + si * size + sj];
            }
        }
    }

    /**
     * {@code dst} = {@code src} rotated by {@code degrees} about the image centre {@code ((S-1)/2, (S-1)/2)}, by
     * bilinear interpolation, with zeros outside the source image. 90° reproduces {@link #rot90} with k = 1 up to
     * rounding.
     */
    public static void rotate(float[] src, int srcOffset, int size, double degrees, float[] dst, int dstOffset) {
        double theta = Math.toRadians(degrees);
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double c = (size - 1) / 2.0;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                double u = i - c;
                double v = j - c;
                // Inverse map: the output pixel (u, v) comes from the source point rotated back by θ.
                double si = c + cos * u + sin * v;
                double sj = c - sin * u + cos * v;
                dst[dstOffset + i * size + j] = (float) bilinear(src, srcOffset, size, si, sj);
            }
        }
    }

    /** Bilinear sample of a {@code size × size} image at (row, col), zero outside. */
    static double bilinear(float[] image, int offset, int size, double row, double col) {
        int i0 = (int) Math.floor(row);
        int j0 = (int) Math.floor(col);
        double fi = row - i0;
        double fj = col - j0;
        return (1 - fi) * ((1 - fj) * pixel(image, offset, size, i0, j0) + fj * pixel(image, offset, size, i0, j0 + 1))
                + fi * ((1 - fj) * pixel(image, offset, size, i0 + 1, j0)
                + fj * pixel(image, offset, size, i0 + 1, j0 + 1));
    }

    private static double pixel(float[] image, int offset, int size, int i, int j) {
        return i < 0 || j < 0 || i >= size || j >= size ? 0 : image[offset + i * size + j];
    }
}
