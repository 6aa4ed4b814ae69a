package dev.jace.group;

import dev.jace.backend.GroupTable;

import java.util.List;

/** The trivial group {e}: a plain CNN expressed as a group CNN. */
public record Trivial() implements Group {

    private static final List<Element> ELEMENTS = List.of(Element.IDENTITY);
    private static final GroupTable TABLE = GroupTables.of("trivial", ELEMENTS);

    @Override
    public String name() {
        return "trivial";
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
        return "trivial";
    }
}
