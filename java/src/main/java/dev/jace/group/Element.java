package dev.jace.group;

/**
 * A pixel-grid symmetry {@code r^rotation m^flip}: on an image it first reflects ({@code m}, numpy
 * {@code flip(x, axis=-1)}, {@code y[i][j] = x[i][W-1-j]}) when {@code flip} is 1, then rotates by
 * {@code rotation} counter-clockwise quarter turns ({@code r}, numpy {@code rot90(x, 1, axes=(-2,-1))},
 * {@code y[i][j] = x[j][W-1-i]}).
 */
public record Element(int rotation, int flip) {

    public static final Element IDENTITY = new Element(0, 0);

    public Element {
        if (rotation < 0 || rotation > 3 || flip < 0 || flip > 1) {
            throw new IllegalArgumentException("element r^" + rotation + " m^" + flip
                    + " is not a grid symmetry (want rotation 0..3, flip 0..1)");
        }
    }

    /** The product {@code this · other} (apply other first): {@code r^a m^b · r^c m^d = r^(a + (-1)^b c) m^(b+d)}. */
    public Element times(Element other) {
        int turn = flip == 0 ? other.rotation : -other.rotation;
        return new Element(Math.floorMod(rotation + turn, 4), (flip + other.flip) % 2);
    }

    public Element inverse() {
        // (r^k m)⁻¹ = r^k m because reflections are involutions; (r^k)⁻¹ = r^-k.
        return flip == 1 ? this : new Element(Math.floorMod(-rotation, 4), 0);
    }

    /** "e", "r1", "m", "r1m", ... */
    public String label() {
        if (rotation == 0 && flip == 0) {
            return "e";
        }
        return (rotation == 0 ? "" : "r" + rotation) + (flip == 1 ? "m" : "");
    }
}
