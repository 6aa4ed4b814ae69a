package dev.jace.backend;

import java.util.Arrays;

/**
 * A finite group of pixel-grid symmetries as plain data, which is all a backend needs to know about a group.
 *
 * <p>Element {@code e} acts on an image like {@code rot90(flip(x, axis=-1) if flip[e] else x, rotation[e],
 * axes=(-2,-1))} in numpy terms: first the reflection, then the rotation. {@code compose[a * order + b]} is the
 * index of the product {@code a·b} (apply b first), {@code inverse[e]} the index of e⁻¹; element 0 is the identity.
 * The constructor checks the tables against that geometry (as libjace's {@code jace_check_group} does), so a table
 * written the other way round or with a wrong entry is refused rather than computed with.
 */
public record GroupTable(String name, int order, int[] rotation, int[] flip, int[] compose, int[] inverse) {

    /** The most group elements one group action or deviation call takes (jace.h's per-call limit). */
    public static final int MAX_ELEMENTS = 64;

    public GroupTable {
        if (order < 1 || rotation.length != order || flip.length != order || inverse.length != order
                || compose.length != order * order) {
            throw new IllegalArgumentException("group table " + name + ": arrays do not match order " + order);
        }
        for (int e = 0; e < order; e++) {
            if (rotation[e] < 0 || rotation[e] > 3 || flip[e] < 0 || flip[e] > 1) {
                throw new IllegalArgumentException("group table " + name + ": element " + e
                        + " has rotation " + rotation[e] + " / flip " + flip[e] + " (want 0..3 / 0..1)");
            }
        }
        if (rotation[0] != 0 || flip[0] != 0) {
            throw new IllegalArgumentException("group table " + name + ": element 0 must be the identity");
        }
        checkGeometry(name, order, rotation, flip, compose, inverse);
        rotation = rotation.clone();
        flip = flip.clone();
        compose = compose.clone();
        inverse = inverse.clone();
    }

    /**
     * Checks that the elements are distinct and closed under composition, {@code compose} holds the products
     * {@code r^a m^f · r^b m^g = r^(a + (f == 1 ? -b : b)) m^(f xor g)} (since m r = r⁻¹ m) and {@code inverse} the
     * inverses.
     */
    private static void checkGeometry(String name, int order, int[] rotation, int[] flip, int[] compose,
                                      int[] inverse) {
        int[] index = new int[8]; // element of each (rotation, flip), at rotation + 4·flip
        Arrays.fill(index, -1);
        for (int e = 0; e < order; e++) {
            int key = rotation[e] + 4 * flip[e];
            if (index[key] >= 0) {
                throw new IllegalArgumentException("group table " + name + ": elements " + index[key] + " and " + e
                        + " are both " + label(rotation[e], flip[e]) + " (want distinct elements)");
            }
            index[key] = e;
        }
        for (int a = 0; a < order; a++) {
            for (int b = 0; b < order; b++) {
                int r = Math.floorMod(rotation[a] + (flip[a] == 1 ? -rotation[b] : rotation[b]), 4);
                int product = index[r + 4 * (flip[a] ^ flip[b])];
                String what = "element " + a + " (" + label(rotation[a], flip[a]) + ") · element " + b + " ("
                        + label(rotation[b], flip[b]) + "), " + b + " acting first, is " + label(r, flip[a] ^ flip[b]);
                if (product < 0) {
                    throw new IllegalArgumentException("group table " + name + " is not closed: " + what
                            + ", which is no element");
                }
                if (compose[a * order + b] != product) {
                    throw new IllegalArgumentException("group table " + name + ": compose[" + a + "*" + order + "+" + b
                            + "] = " + compose[a * order + b] + ", want " + product + ": " + what);
                }
            }
        }
        for (int a = 0; a < order; a++) {
            int want = 0;
            while (want < order - 1 && compose[a * order + want] != 0) {
                want++; // closed and finite, so some a·b is the identity
            }
            if (inverse[a] != want) {
                throw new IllegalArgumentException("group table " + name + ": inverse[" + a + "] = " + inverse[a]
                        + ", want " + want + ": element " + a + " · element " + want + " is the identity");
            }
        }
    }

    private static String label(int rotation, int flip) {
        return "r^" + rotation + " m^" + flip;
    }

    public int rotationOf(int e) {
        return rotation[e];
    }

    public int flipOf(int e) {
        return flip[e];
    }

    /** Index of {@code a·b}; each of a and b must be an element (the table alone would take a·order + b in range). */
    public int compose(int a, int b) {
        if (a < 0 || a >= order || b < 0 || b >= order) {
            int e = a < 0 || a >= order ? a : b;
            throw new IndexOutOfBoundsException(name + ".compose(" + a + ", " + b + "): " + e + " is no element of "
                    + name + ", which has order " + order + " (elements 0.." + (order - 1) + ")");
        }
        return compose[a * order + b];
    }

    public int inverseOf(int e) {
        return inverse[e];
    }

    @Override
    public int[] rotation() {
        return rotation.clone();
    }

    @Override
    public int[] flip() {
        return flip.clone();
    }

    @Override
    public int[] compose() {
        return compose.clone();
    }

    @Override
    public int[] inverse() {
        return inverse.clone();
    }

    /** True when some element is a quarter turn, which maps h×w maps to w×h ones, so maps must be square. */
    public boolean hasQuarterTurns() {
        for (int r : rotation) {
            if (r % 2 != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The position in {@code elements} of the first quarter turn, or -1 when every one keeps h×w (flips and half
     * turns do, so they act on non-square maps).
     */
    public int firstQuarterTurn(int[] elements) {
        for (int s = 0; s < elements.length; s++) {
            if (rotation[elements[s]] % 2 != 0) {
                return s;
            }
        }
        return -1;
    }

    /**
     * Checks that {@code elements} holds 1 to {@link #MAX_ELEMENTS} indices, each naming an element; returns nothing,
     * throws naming the op.
     */
    public void checkElements(String op, int[] elements) {
        if (elements.length == 0) {
            throw new IllegalArgumentException(op + ": empty set of group elements");
        }
        if (elements.length > MAX_ELEMENTS) {
            throw new IllegalArgumentException(op + ": " + elements.length + " group elements in one call; at most "
                    + MAX_ELEMENTS + " (libjace's limit, so every backend keeps it): split the list");
        }
        for (int e : elements) {
            if (e < 0 || e >= order) {
                throw new IllegalArgumentException(op + ": group element " + e + " is not in " + name
                        + " (elements are 0.." + (order - 1) + "), got " + Arrays.toString(elements));
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupTable g && name.equals(g.name) && order == g.order
                && Arrays.equals(rotation, g.rotation) && Arrays.equals(flip, g.flip)
                && Arrays.equals(compose, g.compose) && Arrays.equals(inverse, g.inverse);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(compose);
    }

    @Override
    public String toString() {
        return name + "(order " + order + ")";
    }
}
