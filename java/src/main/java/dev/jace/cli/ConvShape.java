package dev.jace.cli;

import dev.jace.tensor.Shape;

/**
 * A lifting or group convolution's size as benchmarked: batch {@code n}, channels {@code cin -> cout}, square maps
 * {@code size x size} and a square odd kernel {@code k}, stride 1, padding SAME.
 */
public record ConvShape(int n, int cin, int cout, int size, int k) {

    public ConvShape {
        if (n < 1 || cin < 1 || cout < 1 || size < 1 || k < 1 || k % 2 == 0) {
            throw new IllegalArgumentException("conv shape needs positive sizes and an odd kernel, got "
                    + n + "," + cin + "," + cout + "," + size + "," + k);
        }
    }

    /** Parses {@code "n,cin,cout,size,k"} or {@code "NxCINxCOUTxSIZExK"} (JMH's {@code -p} splits values at commas). */
    public static ConvShape parse(String text) {
        String[] parts = text.split("[,x]", -1);
        if (parts.length != 5) {
            throw notAShape(text);
        }
        int[] v = new int[5];
        for (int i = 0; i < 5; i++) {
            try {
                v[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw notAShape(text);
            }
        }
        return new ConvShape(v[0], v[1], v[2], v[3], v[4]);
    }

    private static IllegalArgumentException notAShape(String text) {
        return new IllegalArgumentException("conv shape must be five whole numbers, \"n,cin,cout,size,k\" or"
                + " \"NxCINxCOUTxSIZExK\", got \"" + text + "\"");
    }

    /** {@code [N, Cin, H, W]} for a lifting conv, {@code [N, Cin, |G|, H, W]} for a group conv. */
    public Shape input(boolean lifting, int order) {
        return lifting ? Shape.of(n, cin, size, size) : Shape.of(n, cin, order, size, size);
    }

    /** {@code [Cout, Cin, k, k]} for a lifting conv, {@code [Cout, Cin, |G|, k, k]} for a group conv. */
    public Shape weight(boolean lifting, int order) {
        return lifting ? Shape.of(cout, cin, k, k) : Shape.of(cout, cin, order, k, k);
    }

    /** {@code [N, Cout, |G|, H, W]}. */
    public Shape output(int order) {
        return Shape.of(n, cout, order, size, size);
    }

    @Override
    public String toString() {
        return n + "," + cin + "," + cout + "," + size + "," + k;
    }
}
