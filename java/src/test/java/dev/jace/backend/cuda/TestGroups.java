package dev.jace.backend.cuda;

import dev.jace.backend.GroupTable;

/** Group tables for the GPU tests: element {@code k + 4f} is {@code r^k m^f} (flip first, then rotate). */
final class TestGroups {

    private TestGroups() {
    }

    static final GroupTable C4 = rotationsAndFlips("C4", 4, false);
    static final GroupTable D4 = rotationsAndFlips("D4", 4, true);
    /** {identity, horizontal flip}: no rotations, so maps may be non-square. */
    static final GroupTable FLIP = rotationsAndFlips("Flip", 1, true);
    /** {identity, half turn}: a half turn keeps h×w, so maps may be non-square too. */
    static final GroupTable HALF_TURN = new GroupTable("HalfTurn", 2, new int[] {0, 2}, new int[] {0, 0},
            new int[] {0, 1, 1, 0}, new int[] {0, 1});

    private static GroupTable rotationsAndFlips(String name, int rotations, boolean flips) {
        int order = rotations * (flips ? 2 : 1);
        int[] rotation = new int[order];
        int[] flip = new int[order];
        for (int e = 0; e < order; e++) {
            rotation[e] = e % rotations;
            flip[e] = e / rotations;
        }
        int[] compose = new int[order * order];
        int[] inverse = new int[order];
        for (int a = 0; a < order; a++) {
            for (int b = 0; b < order; b++) {
                // r^ka m^fa r^kb m^fb = r^(ka + (-1)^fa kb) m^(fa xor fb), since m r m = r^-1
                int k = Math.floorMod(rotation[a] + (flip[a] == 1 ? -rotation[b] : rotation[b]), 4);
                int product = k % rotations + rotations * (flip[a] ^ flip[b]);
                compose[a * order + b] = product;
                if (product == 0) {
                    inverse[a] = b;
                }
            }
        }
        return new GroupTable(name, order, rotation, flip, compose, inverse);
    }
}
