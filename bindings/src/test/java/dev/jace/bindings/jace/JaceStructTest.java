package dev.jace.bindings.jace;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The jextract-style struct accessors read and write the fields they name. */
class JaceStructTest {

    @Test
    void groupAccessorsRoundTrip() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment g = jace_group.allocate(arena);
            jace_group.order(g, 4);
            for (int i = 0; i < 8; i++) {
                jace_group.rotation(g, i, i % 4);
                jace_group.flip(g, i, i / 4);
                jace_group.inverse(g, i, 7 - i);
            }
            jace_group.compose(g, 63, 5);
            assertEquals(4, g.get(java.lang.foreign.ValueLayout.JAVA_INT, 0));
            assertEquals(3, jace_group.rotation(g, 3));
            assertEquals(1, jace_group.flip(g, 6));
            assertEquals(0, jace_group.inverse(g, 7));
            assertEquals(5, jace_group.compose(g, 63));
            assertEquals(5, g.get(java.lang.foreign.ValueLayout.JAVA_INT, jace_group.compose$offset() + 63 * 4));
            assertEquals(8 * 4, jace_group.rotation(g).byteSize());
        }
    }

    @Test
    void convShapeAccessorsRoundTrip() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = jace_conv_shape.allocate(arena);
            jace_conv_shape.n(s, 2);
            jace_conv_shape.cin(s, 3);
            jace_conv_shape.cout(s, 5);
            jace_conv_shape.pad(s, 1);
            assertEquals(28, jace_conv_shape.sizeof());
            assertEquals(5, s.get(java.lang.foreign.ValueLayout.JAVA_INT, 8));
            assertEquals(1, jace_conv_shape.pad(s));
        }
    }
}
