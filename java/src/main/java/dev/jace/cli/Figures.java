package dev.jace.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** How {@code jace gpu-report} writes numbers: locale-independent, without exponents. */
final class Figures {

    private Figures() {
    }

    /** {@code x} rounded to {@code digits} significant digits, trailing zeros dropped: 366.47 → "366.5", 4000.2 → "4000". */
    static String significant(double x, int digits) {
        if (!Double.isFinite(x)) {
            return String.valueOf(x);
        }
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(digits));
        String plain = rounded.toPlainString();
        return plain.contains(".") ? plain.replaceAll("0+$", "").replaceAll("\\.$", "") : plain;
    }

    /** {@code x} with exactly {@code decimals} decimals. */
    static String fixed(double x, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    /** A fraction as a percentage with one decimal: 0.775 → "77.5%". */
    static String percent(double fraction) {
        return fixed(100 * fraction, 1) + "%";
    }

    /**
     * {@code x} with {@code decimals} decimals, or more where fewer would put the figure shown on another side of one
     * of {@code thresholds} than {@code x} (below, on or above it): 0.9996 against 1 → "0.9996", not "1.000".
     */
    static String fixedBeside(double x, int decimals, double... thresholds) {
        return Double.isFinite(x) ? beside(x, decimals, 0, thresholds).toPlainString() : String.valueOf(x);
    }

    /** {@link #percent}, with more decimals where one would put it on another side of one of {@code thresholds}. */
    static String percentBeside(double fraction, double... thresholds) {
        return Double.isFinite(fraction) ? beside(fraction, 1, 2, thresholds).toPlainString() + "%"
                : String.valueOf(fraction);
    }

    /**
     * How many percentage points the shown {@link #percentBeside} figure of {@code fraction} lies under
     * {@code threshold}, to its decimals: 0.59999 against 0.6 → "0.001" (59.999% shown).
     */
    static String pointsShort(double fraction, double threshold) {
        BigDecimal shown = beside(fraction, 1, 2, threshold);
        return nominal(threshold).movePointRight(2).subtract(shown).setScale(shown.scale(), RoundingMode.HALF_UP)
                .toPlainString();
    }

    /** {@link #significant}, with more digits where fewer would put it on another side of {@code threshold}. */
    static String significantBeside(double x, double threshold, int digits) {
        String shown = significant(x, digits);
        for (int d = digits + 1; Double.isFinite(x) && d <= MAX_EXTRA + digits
                && !sameSide(new BigDecimal(shown), x, 0, threshold); d++) {
            shown = significant(x, d);
        }
        return shown;
    }

    /** Digits added at most to put a figure on its side of a threshold (beyond them a double has no more). */
    private static final int MAX_EXTRA = 17;

    /**
     * {@code x} times 10^{@code shift}, rounded half up to the fewest decimals from {@code decimals} on that keep it on
     * the side of each threshold (times the same) that {@code x} is on.
     */
    private static BigDecimal beside(double x, int decimals, int shift, double... thresholds) {
        BigDecimal exact = new BigDecimal(x).movePointRight(shift);
        BigDecimal shown = exact.setScale(decimals, RoundingMode.HALF_UP);
        for (int d = decimals + 1; d <= decimals + MAX_EXTRA && !sameSide(shown, x, shift, thresholds); d++) {
            shown = exact.setScale(d, RoundingMode.HALF_UP);
        }
        return shown;
    }

    /** Whether {@code shown} (x times 10^shift) lies below, on or above each threshold (as written) as x does. */
    private static boolean sameSide(BigDecimal shown, double x, int shift, double... thresholds) {
        for (double t : thresholds) {
            int side = Integer.signum(Double.compare(x, t));
            if (Integer.signum(shown.compareTo(nominal(t).movePointRight(shift))) != side) {
                return false;
            }
        }
        return true;
    }

    /** A threshold as written (0.6, not the binary double nearest it). */
    private static BigDecimal nominal(double threshold) {
        return new BigDecimal(Double.toString(threshold));
    }
}
