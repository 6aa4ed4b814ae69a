package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MarkdownTableTest {
    @Test
    void headerHasOneSeparatorPerColumn() {
        assertEquals(List.of("| layer | op | ms |", "| --- | --- | --- |"), MarkdownTable.header("layer", "op", "ms"));
        assertEquals(List.of("| kernel |", "| --- |"), MarkdownTable.header(List.of("kernel")));
    }

    @Test
    void headerWithoutColumnsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MarkdownTable.header());
        assertEquals("a Markdown table needs at least one column", e.getMessage());
    }

    @Test
    void cellsCannotBreakTheTable() {
        assertEquals("| a \\| b | two lines | 3 |", MarkdownTable.row("a | b", "two\nlines", "3"));
    }
}
