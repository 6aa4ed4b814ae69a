package dev.jace.bench;

/** Reads the suites' size parameters ({@code -p maps=32x16x28}); a bad one is refused naming it and its format. */
final class BenchParams {

    private BenchParams() {
    }

    /**
     * The whole numbers of {@code value}, joined by x as {@code format} says (x, not commas: JMH's {@code -p} splits
     * values at commas), each at least 1.
     *
     * @param meaning what each number is, e.g. "samples, channels, map size"
     * @param example a valid value
     */
    static int[] sizes(String param, String value, String format, String meaning, String example) {
        int count = format.split("x").length;
        String[] parts = value.split("x", -1);
        int[] sizes = new int[count];
        try {
            if (parts.length != count) {
                throw new NumberFormatException();
            }
            for (int i = 0; i < count; i++) {
                sizes[i] = Integer.parseInt(parts[i].strip());
                if (sizes[i] < 1) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-p " + param + "=\"" + value + "\" is not " + format + " (" + meaning
                    + "): give " + count + " whole numbers >= 1 joined by x, e.g. " + example);
        }
        return sizes;
    }
}
