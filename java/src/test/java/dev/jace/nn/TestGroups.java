package dev.jace.nn;

import dev.jace.backend.GroupTable;

/** Group tables for the tests: element {@code (rotation k, flip f)} is {@code r^k m^f}. */
final class TestGroups {

    private TestGroups() {
    }

    static GroupTable c4() {
        return table("c4", new int[] {0, 1, 2, 3}, new int[] {0, 0, 0, 0});
    }

    static GroupTable d4() {
        return table("d4", new int[] {0, 1, 2, 3, 0, 1, 2, 3}, new int[] {0, 0, 0, 0, 1, 1, 1, 1});
    }

    /** Builds compose/inverse from {@code r^a m^f · r^b m^e = r^(a + (−1)^f b) m^(f + e)}. */
    private static GroupTable table(String name, int[] rotation, int[] flip) {
        int order = rotation.length;
        int[] compose = new int[order * order];
        int[] inverse = new int[order];
        for (int a = 0; a < order; a++) {
            for (int b = 0; b < order; b++) {
                int r = Math.floorMod(rotation[a] + (flip[a] == 0 ? rotation[b] : -rotation[b]), 4);
                int f = (flip[a] + flip[b]) % 2;
                int product = indexOf(rotation, flip, r, f);
                compose[a * order + b] = product;
                if (product == 0) {
                    inverse[a] = b;
                }
            }
        }
        return new GroupTable(name, order, rotation, flip, compose, inverse);
    }

    private static int indexOf(int[] rotation, int[] flip, int r, int f) {
        for (int e = 0; e < rotation.length; e++) {
            if (rotation[e] == r && flip[e] == f) {
                return e;
            }
        }
        throw new IllegalStateException("not closed under composition");
    }
}
