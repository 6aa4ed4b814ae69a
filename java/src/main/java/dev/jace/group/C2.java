package dev.jace.group;

import dev.jace.backend.GroupTable;

import java.util.List;

/** The flip group {e, m}; index f stands for m^f (m = numpy flip(x, axis=-1)). */
public record C2() implements Group {

    private static final List<Element> ELEMENTS = List.of(Element.IDENTITY, new Element(0, 1));
    private static final GroupTable TABLE = GroupTables.of("c2", ELEMENTS);

    @Override
    public String name() {
        return "c2";
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
        return "c2";
    }
}
