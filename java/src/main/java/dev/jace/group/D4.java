package dev.jace.group;

import dev.jace.backend.GroupTable;

import java.util.List;
import java.util.stream.IntStream;

/** Symmetries of the square; index k + 4f stands for r^k m^f (first m^f, then r^k). */
public record D4() implements Group {

    private static final List<Element> ELEMENTS =
            IntStream.range(0, 8).mapToObj(i -> new Element(i % 4, i / 4)).toList();
    private static final GroupTable TABLE = GroupTables.of("d4", ELEMENTS);

    @Override
    public String name() {
        return "d4";
    }

    @Override
    public List<Element> elements() {
        return ELEMENTS;
    }

    @Override
    public GroupTable table() {
        return TABLE;
    }

    @Override
    public String toString() {
        return "d4";
    }
}
