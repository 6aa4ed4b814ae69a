package dev.jace.bindings;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CHeaderTest {

    @Test
    void recordsMacrosAndEnumeratorsWithGivenAndImplicitValues() {
        CHeader header = new CHeader("""
                #define LIMIT 8 /* the most */
                #define NEGATIVE -3
                typedef enum mode {
                    FIRST,          /* 0 */
                    SECOND = 4,
                    THIRD,          /* 5 */
                    SQUARE = LIMIT * LIMIT
                } mode;
                mode f(mode m, int n);
                """);
        assertEquals(Map.of("LIMIT", 8L, "NEGATIVE", -3L, "FIRST", 0L, "SECOND", 4L, "THIRD", 5L, "SQUARE", 64L),
                header.constants());
        assertEquals(List.of("FIRST", "SECOND", "THIRD", "SQUARE"), List.copyOf(header.enumerators()));
        assertEquals(List.of(CHeader.Kind.ENUM, CHeader.Kind.INT), header.functions().get("f").parameters());
    }
}
