package dev.jace.backend;

import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static dev.jace.backend.Aliasing.arg;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AliasingTest {

    private final float[] memory = new float[8];

    /** {@code count} floats of {@link #memory} from float {@code first} on. */
    private Tensor floats(int first, int count) {
        return Tensor.wrap(Shape.of(count), MemorySegment.ofArray(memory).asSlice(4L * first), "cpu", () -> { });
    }

    @Test
    void tensorsOverlapWhenTheyShareAByteOfOneArrayOrOneAddressRange() {
        Tensor whole = floats(0, 8);
        assertTrue(Aliasing.overlap(whole, whole));
        assertTrue(Aliasing.overlap(whole, whole.reshape(2, 4)), "a view shares its owner's memory");
        assertTrue(Aliasing.overlap(floats(0, 4), floats(3, 2)));
        assertFalse(Aliasing.overlap(floats(0, 4), floats(4, 4)), "adjacent ranges share no byte");
        assertFalse(Aliasing.overlap(whole, Tensor.wrap(Shape.of(8), MemorySegment.ofArray(new float[8]), "cpu",
                () -> { })), "another array");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment device = arena.allocate(32, 4);
            Tensor first = Tensor.wrap(Shape.of(4), device, "cuda:0", () -> { });
            assertTrue(Aliasing.overlap(first, Tensor.wrap(Shape.of(2), device.asSlice(12), "cuda:0", () -> { })));
            assertFalse(Aliasing.overlap(first, Tensor.wrap(Shape.of(4), device.asSlice(16), "cuda:0", () -> { })));
        }
    }

    @Test
    void anOutputSharingMemoryWithAnInputOrAnotherOutputIsRefusedNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aliasing.requireApart("op",
                arg("out", floats(0, 4)), arg("a", floats(4, 4)), arg("b", floats(2, 4))));
        assertEquals("op: out ([4], 16 bytes) and b ([4], 16 bytes) overlap; an output must not share memory with an"
                + " input or another output", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Aliasing.requireApart("op",
                List.of(arg("first", floats(0, 2)), arg("second", floats(1, 2))), List.of()));
        assertTrue(e.getMessage().startsWith("op: first ([2], 8 bytes) and second ([2], 8 bytes) overlap"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Aliasing.requireApart("op", arg("out", floats(0, 4)),
                arg("x", floats(0, 4))), "apart means not even exactly the same");
        assertDoesNotThrow(() -> Aliasing.requireApart("op", List.of(arg("out", floats(0, 4))),
                List.of(arg("a", floats(4, 4)), arg("b", floats(4, 4)), arg("absent", null))),
                "inputs may share memory, an absent argument shares none");
    }

    @Test
    void inPlaceAllowsExactlyTheInputAndNoPartialOverlap() {
        Tensor x = floats(0, 4);
        assertDoesNotThrow(() -> Aliasing.requireSameOrApart("op", arg("out", x), arg("x", x)));
        assertDoesNotThrow(() -> Aliasing.requireSameOrApart("op", arg("out", x.reshape(2, 2)), arg("x", x)));
        assertDoesNotThrow(() -> Aliasing.requireSameOrApart("op", arg("out", floats(4, 4)), arg("x", x)));
        assertDoesNotThrow(() -> Aliasing.requireSameOrApart("op", arg("out", x), arg("absent", null)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Aliasing.requireSameOrApart("op", arg("out", floats(1, 4)), arg("x", x)));
        assertEquals("op: out ([4], 16 bytes) and x ([4], 16 bytes) overlap; out may be exactly x (in place), but not"
                + " overlap it otherwise", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Aliasing.requireSameOrApart("op", arg("out", floats(0, 2)), arg("x", x)), "same start, shorter");
        assertThrows(IllegalArgumentException.class, () -> Aliasing.requireSameOrApart("op", arg("out", x),
                arg("a", x), arg("b", floats(2, 4))), "each input is checked");
    }
}
