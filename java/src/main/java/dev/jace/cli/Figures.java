package dev.jace.cli;

import java.math.BigDecimal;
import java.math.MathContext;
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
}
