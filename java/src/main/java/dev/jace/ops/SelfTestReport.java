package dev.jace.ops;

import dev.jace.backend.Precision;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Result of {@link SelfTest#run}: per layer and group element, the relative equivariance deviation and the error
 * against a float64 computation of the layer, on a backend computing at {@code precision}. Every output must be
 * within {@link #tolerance(Precision)} of the float64 one (rounding only); equivariant layers must stay below it, the
 * plain-conv control must exceed it for every element but the identity, which shows the measurement can detect a
 * broken symmetry.
 */
public record SelfTestReport(String backend, Precision precision, long seed, List<Row> rows) {

    /**
     * The largest squared relative error (a row's two values) that rounding at {@code precision} explains: r² for
     * outputs that err by up to r of their size. FP32: sums of the self-test's at most 216 products err by ~√216·2⁻²⁴ ≈
     * 1e-6 (1e-12 squared; 1e-13 measured), on cuDNN too, which runs only its direct sums at FP32 (an FFT or Winograd
     * algorithm of its erred by 7e-4 of the largest output on an H200): r = 1e-4 leaves a wide margin. TF32 rounds each
     * operand to 10 mantissa bits (u = 2⁻¹¹ ≈ 4.9e-4), so a product errs by up to 2u ≈ 1e-3 (2e-3 truncated, as cuDNN
     * may): r = 2e-3. BF16 keeps 7 bits (u = 2⁻⁸ ≈ 3.9e-3, a product up to 7.8e-3): r = 1e-2. The float64 errors
     * measured on the CUDA emulator are ~1e-7 (TF32) and ~5e-6 (BF16), as independent roundings of the products predict
     * (2u²/3).
     */
    public static double tolerance(Precision precision) {
        return switch (precision) {
            case FP32 -> 1e-8;
            case TF32 -> 4e-6;
            case BF16 -> 1e-4;
        };
    }

    /**
     * {@code relativeDeviation} is the largest over the samples of {@code ‖f(g·x) − g·f(x)‖² / ‖f(x)‖²};
     * {@code referenceError} the largest of {@code ‖f(g·x) − r(g·x)‖² / ‖r(g·x)‖²}, with r the float64 layer;
     * {@code outputNorm} the smallest of {@code ‖f(g·x)‖² / ‖r(g·x)‖²} (1 when f is right). An output with a NaN or an
     * infinity makes them NaN.
     */
    public record Row(String layer, String group, String element, boolean equivariant, double relativeDeviation,
                      double referenceError, double outputNorm) {

        /** Why the row fails at {@code tolerance}, if it does. */
        public Optional<String> fault(double tolerance) {
            if (!Double.isFinite(referenceError) || !Double.isFinite(relativeDeviation)) {
                return Optional.of("output not finite");
            }
            // An output below the rounding noise of the right one is as good as none.
            if (outputNorm < tolerance) {
                return Optional.of("output is ~0");
            }
            if (referenceError >= tolerance) {
                return Optional.of("output differs from float64");
            }
            if (element.equals("e")) {
                return relativeDeviation < tolerance ? Optional.empty() : Optional.of("f(x) differs between calls");
            }
            if (equivariant) {
                return relativeDeviation < tolerance ? Optional.empty() : Optional.of("not equivariant");
            }
            return relativeDeviation > tolerance ? Optional.empty() : Optional.of("control is equivariant");
        }
    }

    public SelfTestReport {
        rows = List.copyOf(rows);
    }

    public double tolerance() {
        return tolerance(precision);
    }

    public boolean passed() {
        return rows.stream().allMatch(row -> row.fault(tolerance()).isEmpty());
    }

    /** Aligned text table, one line per row, with a header and a final verdict line. */
    public String toTable() {
        String[] header = {"layer", "group", "element", "expected", "rel. deviation", "vs float64", "status"};
        String[][] cells = new String[rows.size()][];
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            cells[r] = new String[] {row.layer(), row.group(), row.element(),
                    row.equivariant() ? "equivariant" : "control",
                    String.format(Locale.ROOT, "%.3e", row.relativeDeviation()),
                    String.format(Locale.ROOT, "%.3e", row.referenceError()),
                    row.fault(tolerance()).map(why -> "FAIL: " + why).orElse("ok")};
            for (int c = 0; c < header.length; c++) {
                width[c] = Math.max(width[c], cells[r][c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("equivariance self-test on ").append(backend).append(", seed ").append(seed).append('\n');
        appendLine(out, header, width);
        for (String[] line : cells) {
            appendLine(out, line, width);
        }
        out.append(passed() ? "PASSED" : "FAILED").append(" at ").append(precision).append(": outputs within ")
                .append(String.format(Locale.ROOT, "%.0e", tolerance()))
                .append(" of float64, equivariant layers below it, control above it\n");
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(width[c] - cells[c].length());
            boolean numeric = c == 4 || c == 5;
            line.append(numeric ? pad + cells[c] : cells[c] + pad).append("  ");
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
