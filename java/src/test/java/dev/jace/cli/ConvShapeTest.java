package dev.jace.cli;

import dev.jace.tensor.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConvShapeTest {

    @Test
    void parsesCommasAndJmhsXsAndPrintsCommas() {
        ConvShape s = new ConvShape(16, 3, 8, 28, 5);
        assertEquals(s, ConvShape.parse("16,3,8,28,5"));
        assertEquals(s, ConvShape.parse("16x3x8x28x5"));
        assertEquals(s, ConvShape.parse(" 16, 3, 8, 28, 5"));
        assertEquals("16,3,8,28,5", s.toString());
        assertEquals(s, ConvShape.parse(s.toString()));
    }

    @Test
    void refusesWhatIsNotFiveWholeNumbers() {
        for (String text : List.of("16,3,8,28", "16,3,8,28,5,1", "16,3,8,28,", "16,3,8,28,five", "16,3,8,28,2.5", "")) {
            var e = assertThrows(IllegalArgumentException.class, () -> ConvShape.parse(text));
            assertEquals("conv shape must be five whole numbers, \"n,cin,cout,size,k\" or \"NxCINxCOUTxSIZExK\", got \""
                    + text + "\"", e.getMessage());
        }
    }

    @Test
    void refusesANonPositiveSizeAndAnEvenKernel() {
        int[] good = {16, 3, 8, 28, 5};
        for (int i = 0; i < good.length; i++) {
            int[] v = good.clone();
            v[i] = i == 4 ? 4 : 0;
            var e = assertThrows(IllegalArgumentException.class, () -> new ConvShape(v[0], v[1], v[2], v[3], v[4]));
            assertEquals("conv shape needs positive sizes and an odd kernel, got " + v[0] + "," + v[1] + "," + v[2]
                    + "," + v[3] + "," + v[4], e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ConvShape(16, 3, 8, 28, -1));
        assertEquals(1, new ConvShape(1, 1, 1, 1, 1).k(), "the smallest shape");
    }

    @Test
    void tensorShapesOfLiftingAndGroupConvs() {
        ConvShape s = new ConvShape(2, 3, 5, 7, 3);
        assertEquals(Shape.of(2, 3, 7, 7), s.input(true, 4));
        assertEquals(Shape.of(2, 3, 4, 7, 7), s.input(false, 4));
        assertEquals(Shape.of(5, 3, 3, 3), s.weight(true, 8));
        assertEquals(Shape.of(5, 3, 8, 3, 3), s.weight(false, 8));
        assertEquals(Shape.of(2, 5, 8, 7, 7), s.output(8));
    }
}
