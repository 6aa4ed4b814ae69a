package dev.jace.group;

import dev.jace.backend.GroupTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
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

    /** Only the flattened index a·order + b was checked, so compose(0, 9) in D4 read the entry of compose(1, 1). */
    @ParameterizedTest
    @MethodSource("groups")
    void composeRefusesEachIndexOutsideTheGroup(Group group) {
        int n = group.order();
        int[][] pairs = {{0, n}, {n, 0}, {1 % n, -1}, {-1, n - 1}, {0, n + 1}};
        for (int[] p : pairs) {
            int bad = p[0] < 0 || p[0] >= n ? p[0] : p[1];
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> group.compose(p[0], p[1]), Arrays.toString(p));
            assertEquals(group.name() + ".compose(" + p[0] + ", " + p[1] + "): " + bad + " is no element of "
                    + group.name() + ", which has order " + n + " (elements 0.." + (n - 1) + ")", e.getMessage());
        }
        assertEquals("d4.compose(0, 9): 9 is no element of d4, which has order 8 (elements 0..7)",
                assertThrows(IndexOutOfBoundsException.class, () -> new D4().compose(0, 9)).getMessage());
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

    /** The 2×2 integer matrix of r^k m^f: a quarter turn R, a mirror F with F R F = R⁻¹. */
    private static int[][] matrix(Element e) {
        int[][] m = e.flip() == 1 ? new int[][] {{-1, 0}, {0, 1}} : new int[][] {{1, 0}, {0, 1}};
        for (int k = 0; k < e.rotation(); k++) {
            m = product(new int[][] {{0, -1}, {1, 0}}, m);
        }
        return m;
    }

    private static int[][] product(int[][] a, int[][] b) {
        int[][] c = new int[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j];
            }
        }
        return c;
    }

    /**
     * {@link Element#times} and {@link Element#inverse} against the matrices they stand for, called here: the groups'
     * tables are built from them once, at class load.
     */
    @Test
    void elementProductsAreTheMatrixProducts() {
        int[][] identity = {{1, 0}, {0, 1}};
        for (Element a : new D4().elements()) {
            assertTrue(Arrays.deepEquals(identity, product(matrix(a), matrix(a.inverse()))), a.label());
            for (Element b : new D4().elements()) {
                assertTrue(Arrays.deepEquals(product(matrix(a), matrix(b)), matrix(a.times(b))),
                        a.label() + "·" + b.label() + " = " + a.times(b).label());
            }
        }
    }

    @Test
    void aTableNeedsDistinctElementsStartingAtTheIdentityAndClosedUnderProducts() {
        Element r1 = new Element(1, 0);
        Element m = new Element(0, 1);
        assertEquals("c2x: elements must be distinct and start with the identity, got [r1, e]",
                assertThrows(IllegalArgumentException.class,
                        () -> GroupTables.of("c2x", List.of(r1, Element.IDENTITY))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupTables.of("c2x", List.of(Element.IDENTITY, m, m)));
        assertEquals("c2x is not closed: r3 is missing from [e, r1]", assertThrows(IllegalArgumentException.class,
                () -> GroupTables.of("c2x", List.of(Element.IDENTITY, r1))).getMessage());
        GroupTable mirror = GroupTables.of("mirror", List.of(Element.IDENTITY, m));
        assertEquals(0, mirror.compose(1, 1));
        assertEquals(1, mirror.inverseOf(1));
    }

    @Test
    void elementsOutsideTheGroupAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new C4().indexOf(new Element(1, 1)));
        assertTrue(e.getMessage().contains("r1m is not an element of c4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Element(4, 0));
    }
}
