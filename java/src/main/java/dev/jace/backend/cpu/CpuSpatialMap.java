package dev.jace.backend.cpu;

import dev.jace.backend.GroupTable;

/**
 * Where the action of a group element takes each pixel from: {@code (e·x)[d] = x[source[d]]} for flat indices
 * {@code d = i·w + j} of an h×w image (h == w when e rotates). Element {@code r^k m^f} first reflects
 * ({@code y[i][j] = x[i][w-1-j]}), then rotates counter-clockwise k times ({@code y[i][j] = x[j][w-1-i]}), like
 * numpy {@code rot90(flip(x, -1) if f else x, k, axes=(-2,-1))}. Filters transform with the same map, which
 * rotates about the centre of the k×k window.
 */
final class CpuSpatialMap {

    private CpuSpatialMap() {
    }

    static int[] source(GroupTable group, int e, int h, int w) {
        int k = group.rotationOf(e);
        boolean flip = group.flipOf(e) == 1;
        int[] source = new int[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                // Undo the rotation (applied last), then the reflection.
                int p;
                int q;
                switch (k) {
                    case 0 -> { p = i; q = j; }
                    case 1 -> { p = j; q = w - 1 - i; }
                    case 2 -> { p = h - 1 - i; q = w - 1 - j; }
                    default -> { p = h - 1 - j; q = i; }
                }
                source[i * w + j] = p * w + (flip ? w - 1 - q : q);
            }
        }
        return source;
    }

    /** {@link #source} of every element of the group for a k×k filter, indexed [element][tap]. */
    static int[][] filterTaps(GroupTable group, int k) {
        int[][] taps = new int[group.order()][];
        for (int g = 0; g < group.order(); g++) {
            taps[g] = source(group, g, k, k);
        }
        return taps;
    }
}
