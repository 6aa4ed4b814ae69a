package dev.jace.ops;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Result of {@link SelfTest#run}: per layer and group element, the relative equivariance deviation and the error
 * against a float64 computation of the layer. Every output must be within {@link #TOLERANCE} of the float64 one
 * (float32 rounding only); equivariant layers must stay below it, the plain-conv control must exceed it for every
 * element but the identity, which shows the measurement can detect a broken symmetry.
 */
public record SelfTestReport(String backend, long seed, List<Row> rows) {

    public static final double TOLERANCE = 1e-5;

    /**
     * {@code relativeDeviation} is the mean over the samples of {@code ‖f(g·x) − g·f(x)‖² / ‖f(x)‖²};
     * {@code referenceError} the largest over the samples of {@code ‖f(g·x) − r(g·x)‖² / ‖r(g·x)‖²}, with r the
     * float64 layer; {@code outputNorm} the smallest of {@code ‖f(g·x)‖² / ‖r(g·x)‖²} (1 when f is right). An output
     * with a NaN or an infinity makes both NaN.
     */
    public record Row(String layer, String group, String element, boolean equivariant, double relativeDeviation,
                      double referenceError, double outputNorm) {

        public boolean ok() {
            return fault().isEmpty();
        }

        /** Why the row fails, if it does. */
        public Optional<String> fault() {
            if (!Double.isFinite(referenceError) || !Double.isFinite(relativeDeviation)) {
                return Optional.of("output not finite");
            }
            // An output below the rounding noise of the right one is as good as none.
            if (outputNorm < TOLERANCE) {
                return Optional.of("output is ~0");
            }
            if (referenceError >= TOLERANCE) {
                return Optional.of("output differs from float64");
            }
            if (element.equals("e")) {
                return relativeDeviation < TOLERANCE ? Optional.empty() : Optional.of("f(x) differs between calls");
            }
            if (equivariant) {
                return relativeDeviation < TOLERANCE ? Optional.empty() : Optional.of("not equivariant");
            }
            return relativeDeviation > TOLERANCE ? Optional.empty() : Optional.of("control is equivariant");
        }
    }

    public SelfTestReport {
        rows = List.copyOf(rows);
    }

    public boolean passed() {
        return rows.stream().allMatch(Row::ok);
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
                    row.fault().map(why -> "FAIL: " + why).orElse("ok")};
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
        out.append(passed() ? "PASSED" : "FAILED").append(": outputs within ")
                .append(String.format(Locale.ROOT, "%.0e", TOLERANCE))
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
