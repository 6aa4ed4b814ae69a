package dev.jace.backend;

import dev.jace.group.D4;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tables that are not the group they claim are refused with the entry that is wrong and what it should be. */
class GroupTableTest {

    private static final GroupTable D4 = new D4().table();

    private static String refused(int[] rotation, int[] flip, int[] compose, int[] inverse) {
        return assertThrows(IllegalArgumentException.class,
                () -> new GroupTable("t", rotation.length, rotation, flip, compose, inverse)).getMessage();
    }

    @Test
    void composeWrittenTheOtherWayRoundIsRefused() {
        int[] reversed = new int[64];
        for (int a = 0; a < 8; a++) {
            for (int b = 0; b < 8; b++) {
                reversed[a * 8 + b] = D4.compose(b, a);
            }
        }
        assertEquals("group table t: compose[1*8+4] = 7, want 5: element 1 (r^1 m^0) · element 4 (r^0 m^1), 4 acting"
                + " first, is r^1 m^1", refused(D4.rotation(), D4.flip(), reversed, D4.inverse()));
        assertEquals("group table t: compose[0*8+1] = 0, want 1: element 0 (r^0 m^0) · element 1 (r^1 m^0), 1 acting"
                + " first, is r^1 m^0", refused(D4.rotation(), D4.flip(), new int[64], D4.inverse()));
    }

    @Test
    void inversesDuplicatesAndMissingProductsAreRefused() {
        int[] inverse = D4.inverse();
        inverse[1] = 1;
        assertEquals("group table t: inverse[1] = 1, want 3: element 1 · element 3 is the identity",
                refused(D4.rotation(), D4.flip(), D4.compose(), inverse));
        int[] rotation = D4.rotation();
        rotation[5] = 0;
        assertEquals("group table t: elements 4 and 5 are both r^0 m^1 (want distinct elements)",
                refused(rotation, D4.flip(), D4.compose(), D4.inverse()));
        assertEquals("group table t is not closed: element 1 (r^1 m^0) · element 1 (r^1 m^0), 1 acting first, is"
                + " r^2 m^0, which is no element", refused(new int[] {0, 1}, new int[] {0, 0}, new int[] {0, 1, 1, 0},
                new int[] {0, 1}));
    }

    @Test
    void rotationsFlipsAndTheOrderOutOfRangeAreRefused() {
        assertEquals("group table t: element 1 has rotation 4 / flip 0 (want 0..3 / 0..1)",
                refused(new int[] {0, 4}, new int[] {0, 0}, new int[] {0, 1, 1, 0}, new int[] {0, 1}));
        assertEquals("group table t: element 1 has rotation -1 / flip 0 (want 0..3 / 0..1)",
                refused(new int[] {0, -1}, new int[] {0, 0}, new int[] {0, 1, 1, 0}, new int[] {0, 1}));
        assertEquals("group table t: element 1 has rotation 0 / flip 2 (want 0..3 / 0..1)",
                refused(new int[] {0, 0}, new int[] {0, 2}, new int[] {0, 1, 1, 0}, new int[] {0, 1}));
        assertEquals("group table t: element 1 has rotation 0 / flip -1 (want 0..3 / 0..1)",
                refused(new int[] {0, 0}, new int[] {0, -1}, new int[] {0, 1, 1, 0}, new int[] {0, 1}));
        assertEquals("group table t: arrays do not match order 0", assertThrows(IllegalArgumentException.class,
                () -> new GroupTable("t", 0, new int[0], new int[0], new int[0], new int[0])).getMessage());
        assertEquals("group table t: elements 0 and 1 are both r^0 m^0 (want distinct elements)",
                refused(new int[] {0, 0}, new int[] {0, 0}, new int[] {0, 1, 1, 0}, new int[] {0, 1}));
    }

    @Test
    void theTrivialGroupIsATableAndTablesAreEqualByTheirEntries() {
        GroupTable trivial = new GroupTable("e", 1, new int[] {0}, new int[] {0}, new int[] {0}, new int[] {0});
        assertFalse(trivial.hasQuarterTurns());
        assertEquals(new D4().table(), D4);
        assertEquals(new D4().table().hashCode(), D4.hashCode());
        GroupTable halfTurns = new GroupTable("c2r", 2, new int[] {0, 2}, new int[] {0, 0}, new int[] {0, 1, 1, 0},
                new int[] {0, 1});
        GroupTable mirror = new GroupTable("c2r", 2, new int[] {0, 0}, new int[] {0, 1}, new int[] {0, 1, 1, 0},
                new int[] {0, 1});
        assertFalse(halfTurns.equals(mirror), "same name and order, other elements");
        assertFalse(halfTurns.equals(new GroupTable("c2", 2, new int[] {0, 2}, new int[] {0, 0},
                new int[] {0, 1, 1, 0}, new int[] {0, 1})), "another name");
        assertFalse(trivial.equals(halfTurns));
    }

    @Test
    void aHalfTurnGroupKeepsAnyShape() {
        GroupTable halfTurns = new GroupTable("c2r", 2, new int[] {0, 2}, new int[] {0, 0}, new int[] {0, 1, 1, 0},
                new int[] {0, 1});
        assertFalse(halfTurns.hasQuarterTurns());
        assertTrue(D4.hasQuarterTurns());
        assertEquals(-1, D4.firstQuarterTurn(new int[] {0, 2, 4, 6}));
        assertEquals(2, D4.firstQuarterTurn(new int[] {0, 6, 5, 1}));
    }
}
