package dev.jace.group;

import dev.jace.backend.GroupTable;

import java.util.List;

/** Builds a {@link GroupTable} from a list of elements by the composition law of {@link Element}. */
final class GroupTables {

    private GroupTables() {
    }

    static GroupTable of(String name, List<Element> elements) {
        int order = elements.size();
        if (!elements.getFirst().equals(Element.IDENTITY) || elements.stream().distinct().count() != order) {
            throw new IllegalArgumentException(name + ": elements must be distinct and start with the identity, got "
                    + labels(elements));
        }
        int[] rotation = new int[order];
        int[] flip = new int[order];
        int[] compose = new int[order * order];
        int[] inverse = new int[order];
        for (int a = 0; a < order; a++) {
            Element ea = elements.get(a);
            rotation[a] = ea.rotation();
            flip[a] = ea.flip();
            inverse[a] = indexIn(name, elements, ea.inverse());
            for (int b = 0; b < order; b++) {
                compose[a * order + b] = indexIn(name, elements, ea.times(elements.get(b)));
            }
        }
        return new GroupTable(name, order, rotation, flip, compose, inverse);
    }

    private static int indexIn(String name, List<Element> elements, Element e) {
        int i = elements.indexOf(e);
        if (i < 0) {
            throw new IllegalArgumentException(name + " is not closed: " + e.label() + " is missing from " + labels(elements));
        }
        return i;
    }

    private static List<String> labels(List<Element> elements) {
        return elements.stream().map(Element::label).toList();
    }
}
