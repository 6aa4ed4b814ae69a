package dev.jace.group;

import dev.jace.backend.GroupTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupTest {

    static List<Group> groups() {
        return Groups.all();
    }

    @ParameterizedTest
    @MethodSource("groups")
    void identityIsElementZero(Group group) {
        assertEquals(Element.IDENTITY, group.element(0));
        for (int a = 0; a < group.order(); a++) {
            assertEquals(a, group.compose(0, a));
            assertEquals(a, group.compose(a, 0));
        }
    }

    @ParameterizedTest
    @MethodSource("groups")
    void inversesCancel(Group group) {
        for (int a = 0; a < group.order(); a++) {
            assertEquals(0, group.compose(a, group.inverse(a)), group.elementName(a));
            assertEquals(0, group.compose(group.inverse(a), a), group.elementName(a));
        }
    }

    @ParameterizedTest
    @MethodSource("groups")
    void compositionIsAssociative(Group group) {
        int n = group.order();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                for (int c = 0; c < n; c++) {
                    assertEquals(group.compose(group.compose(a, b), c), group.compose(a, group.compose(b, c)));
                }
            }
        }
    }

    /** Closed, and every row and column of the table is a permutation (Latin square). */
    @ParameterizedTest
    @MethodSource("groups")
    void tableIsLatinSquare(Group group) {
        int n = group.order();
        for (int a = 0; a < n; a++) {
            Set<Integer> row = new HashSet<>();
            Set<Integer> column = new HashSet<>();
            for (int b = 0; b < n; b++) {
                row.add(group.compose(a, b));
                column.add(group.compose(b, a));
            }
            assertEquals(n, row.size());
            assertEquals(n, column.size());
            assertTrue(row.stream().allMatch(e -> e >= 0 && e < n));
        }
    }

    @ParameterizedTest
    @MethodSource("groups")
    void tableMatchesElements(Group group) {
        GroupTable table = group.table();
        assertEquals(group.name(), table.name());
        assertEquals(group.order(), table.order());
        for (int e = 0; e < group.order(); e++) {
            assertEquals(group.element(e).rotation(), table.rotationOf(e));
            assertEquals(group.element(e).flip(), table.flipOf(e));
            assertEquals(e, group.indexOf(group.element(e)));
        }
        assertEquals(group.order(), new HashSet<>(group.elementNames()).size());
    }

    @Test
    void indexLayouts() {
        assertEquals(List.of("e", "m"), new C2().elementNames());
        assertEquals(List.of("e", "r1", "r2", "r3"), new C4().elementNames());
        assertEquals(List.of("e", "r1", "r2", "r3", "m", "r1m", "r2m", "r3m"), new D4().elementNames());
        D4 d4 = new D4();
        for (int k = 0; k < 4; k++) {
            for (int f = 0; f < 2; f++) {
                assertEquals(new Element(k, f), d4.element(k + 4 * f));
            }
        }
        assertEquals(List.of("e"), new Trivial().elementNames());
    }

    /** The dihedral relations: r⁴ = e, m² = e, m·r = r⁻¹·m, and r^k·m is r^k m. */
    @Test
    void dihedralRelations() {
        D4 d4 = new D4();
        int r = 1;
        int m = 4;
        assertEquals(2, d4.compose(r, r));
        assertEquals(0, d4.compose(3, r));
        assertEquals(0, d4.compose(m, m));
        assertEquals(d4.compose(3, m), d4.compose(m, r));
        assertEquals(7, d4.compose(m, r));
        for (int k = 0; k < 4; k++) {
            assertEquals(k + 4, d4.compose(k, m));
            assertEquals(k + 4, d4.inverse(k + 4));
            assertEquals((4 - k) % 4, d4.inverse(k));
        }
    }

    @Test
    void symmetryTypes() {
        D4 d4 = new D4();
        assertArrayEquals(new int[] {1, 2, 3}, d4.rotationElements());
        assertArrayEquals(new int[] {4, 5, 6, 7}, d4.reflectionElements());
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7}, d4.nonIdentityElements());
        assertArrayEquals(new int[] {}, new C2().rotationElements());
        assertArrayEquals(new int[] {1}, new C2().reflectionElements());
        assertArrayEquals(new int[] {1, 2, 3}, new C4().rotationElements());
        assertArrayEquals(new int[] {}, new C4().reflectionElements());
        assertEquals(SymmetryType.IDENTITY, d4.symmetryType(0));
        assertEquals(SymmetryType.REFLECTION, d4.symmetryType(6));
    }

    @Test
    void byName() {
        assertEquals(new D4(), Groups.byName("D4"));
        assertEquals(new C2(), Groups.byName(" c2 "));
        assertEquals(new C4(), Groups.byName("c4"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Groups.byName("so2"));
        assertEquals("unknown group 'so2'; valid names: trivial, c2, c4, d4", e.getMessage());
    }

    @Test
    void elementsOutsideTheGroupAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new C4().indexOf(new Element(1, 1)));
        assertTrue(e.getMessage().contains("r1m is not an element of c4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Element(4, 0));
    }
}
