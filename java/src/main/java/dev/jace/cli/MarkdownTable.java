package dev.jace.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The lines of the Markdown tables jace's reports write: a header with the separator line under it, one {@code ---}
 * per column, and rows whose cells cannot break the table (a {@code |} escaped, a line break made a space).
 */
final class MarkdownTable {
    private MarkdownTable() {
    }

    /** The header line and its separator, as many columns in each as named. */
    static List<String> header(List<String> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a Markdown table needs at least one column");
        }
        return List.of(row(columns.toArray(String[]::new)),
                row(Collections.nCopies(columns.size(), "---").toArray(String[]::new)));
    }

    static List<String> header(String... columns) {
        return header(List.of(columns));
    }

    static String row(String... cells) {
        List<String> escaped = new ArrayList<>();
        for (String cell : cells) {
            escaped.add(cell.replace("|", "\\|").replace('\n', ' '));
        }
        return "| " + String.join(" | ", escaped) + " |";
    }
}
