package dev.jace.ops;

import java.util.List;
import java.util.Locale;

/**
 * Result of {@link SelfTest#run}: the relative equivariance deviation of each layer for each group element.
 * Equivariant layers should stay below {@link #TOLERANCE} (float32 rounding only); the plain-conv control should
 * exceed it for every element but the identity, which shows the measurement can detect a broken symmetry.
 */
public record SelfTestReport(String backend, long seed, List<Row> rows) {

    public static final double TOLERANCE = 1e-5;

    /** {@code relativeDeviation} is the mean over the samples of {@code ‖f(g·x) − g·f(x)‖² / ‖f(x)‖²}. */
    public record Row(String layer, String group, String element, boolean equivariant, double relativeDeviation) {

        public boolean ok() {
            if (equivariant) {
                return relativeDeviation < TOLERANCE;
            }
            return element.equals("e") ? relativeDeviation < TOLERANCE : relativeDeviation > TOLERANCE;
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
        String[] header = {"layer", "group", "element", "expected", "rel. deviation", "status"};
        String[][] cells = new String[rows.size()][];
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            cells[r] = new String[] {row.layer(), row.group(), row.element(),
                    row.equivariant() ? "equivariant" : "control",
                    String.format(Locale.ROOT, "%.3e", row.relativeDeviation()), row.ok() ? "ok" : "FAIL"};
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
        out.append(passed() ? "PASSED" : "FAILED").append(": equivariant layers below ")
                .append(String.format(Locale.ROOT, "%.0e", TOLERANCE)).append(", control above it\n");
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(width[c] - cells[c].length());
            boolean numeric = c == 4;
            line.append(numeric ? pad + cells[c] : cells[c] + pad).append("  ");
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
