package dev.jace.group;

import dev.jace.backend.GroupTable;

import java.util.List;
import java.util.stream.IntStream;

/** Rotations by quarter turns; index k stands for r^k (r = numpy rot90(x, 1, axes=(-2,-1))). */
public record C4() implements Group {

    private static final List<Element> ELEMENTS = IntStream.range(0, 4).mapToObj(k -> new Element(k, 0)).toList();
    private static final GroupTable TABLE = GroupTables.of("c4", ELEMENTS);

    @Override
    public String name() {
        return "c4";
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
        return "c4";
    }
}
