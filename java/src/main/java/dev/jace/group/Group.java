package dev.jace.group;

import dev.jace.backend.GroupTable;

import java.util.Arrays;
import java.util.List;

/**
 * A finite group of pixel-grid symmetries. Elements are indices {@code 0..order-1}; 0 is the identity;
 * {@link #element} gives the symmetry {@code r^k m^f} each index stands for (see {@link Element} for how it acts
 * on images). Group feature maps {@code [N, C, |G|, H, W]} transform as {@code (g·F)(h, x) = F(g⁻¹h, g⁻¹x)}.
 * {@code compose(a, b)} is {@code a·b}, i.e. apply b first, so {@code (a·b)·x = a·(b·x)}.
 *
 * <p>Index layouts: {@link C2} {@code f -> m^f}; {@link C4} {@code k -> r^k}; {@link D4} {@code k + 4f -> r^k m^f};
 * {@link Trivial} just the identity (a plain CNN seen as a "group" CNN).
 */
public sealed interface Group permits Trivial, C2, C4, D4 {

    /** Lower-case name as accepted by {@link Groups#byName}. */
    String name();

    /** Elements in index order. */
    List<Element> elements();

    /** The same group as plain data for backends. */
    GroupTable table();

    default int order() {
        return elements().size();
    }

    default Element element(int e) {
        return elements().get(e);
    }

    /** Index of {@code element}; throws if it is not in this group. */
    default int indexOf(Element element) {
        int i = elements().indexOf(element);
        if (i < 0) {
            throw new IllegalArgumentException(element.label() + " is not an element of " + name());
        }
        return i;
    }

    default String elementName(int e) {
        return element(e).label();
    }

    default List<String> elementNames() {
        return elements().stream().map(Element::label).toList();
    }

    /** Index of {@code a·b}. */
    default int compose(int a, int b) {
        return table().compose(a, b);
    }

    default int inverse(int e) {
        return table().inverseOf(e);
    }

    default SymmetryType symmetryType(int e) {
        return SymmetryType.of(element(e));
    }

    /** Indices of the elements of one type, ascending. */
    default int[] elementsOfType(SymmetryType type) {
        int[] all = allElements();
        return Arrays.stream(all).filter(e -> symmetryType(e) == type).toArray();
    }

    /** Non-identity rotations {@code r^k}, k != 0 (the identity is left out: its deviation is always zero). */
    default int[] rotationElements() {
        return elementsOfType(SymmetryType.ROTATION);
    }

    /** Reflections {@code r^k m}. */
    default int[] reflectionElements() {
        return elementsOfType(SymmetryType.REFLECTION);
    }

    /** Every element but the identity. */
    default int[] nonIdentityElements() {
        int[] all = allElements();
        return Arrays.copyOfRange(all, 1, all.length);
    }

    default int[] allElements() {
        int[] all = new int[order()];
        Arrays.setAll(all, i -> i);
        return all;
    }
}
