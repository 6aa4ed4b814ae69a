package dev.jace.bench;

import dev.jace.backend.FeatureRep;
import dev.jace.tensor.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The size parameters of the JMH suites: parsed in range, or refused naming the parameter and what it takes. */
class BenchParamsTest {

    private static String refusal(Runnable parse) {
        return assertThrows(IllegalArgumentException.class, parse::run).getMessage();
    }

    @Test
    void copySizesAreComputedInLongAndCappedAtTheLargestTensor() {
        assertEquals(4 << 20, DeviceCopyBench.floats(16));
        assertEquals(1 << 29, DeviceCopyBench.floats(2048), "2048 MiB overflowed int arithmetic");
        assertEquals(8191 << 18, DeviceCopyBench.floats(8191), "8191 MiB: 2^31 - 2^18 floats");
        String limit = "-p mebibytes takes 1 to 8191: a tensor holds at most 2^31-1 floats, just under 8192 MiB";
        for (int mebibytes : new int[] {8192, 1 << 20, Integer.MAX_VALUE, 0, -16}) {
            assertEquals(limit + ", got " + mebibytes, refusal(() -> DeviceCopyBench.floats(mebibytes)));
        }
    }

    @Test
    void mapShapesAreThreePositiveWholeNumbers() {
        assertEquals(new MapShape(32, 16, 28), MapShape.parse("32x16x28"));
        assertEquals(new MapShape(2, 4, 9), MapShape.parse(" 2 x4x 9"));
        assertEquals(Shape.of(2, 4, 8, 9, 9), MapShape.parse("2x4x9").shape(FeatureRep.GROUP_MAP, 8));
        for (String bad : new String[] {"32x16", "32x16x28x1", "32,16,28", "32x16xbig", "32x16x", "32x0x28",
                "-1x16x28", "99999999999x1x1", ""}) {
            assertEquals("-p maps=\"" + bad + "\" is not NxCxSIZE (samples, channels, map size): give 3 whole numbers"
                    + " >= 1 joined by x, e.g. 32x16x28", refusal(() -> MapShape.parse(bad)), bad);
        }
    }

    @Test
    void cpuConvLayersAreSixPositiveWholeNumbers() {
        CpuConvBench.Layer layer = CpuConvBench.Layer.parse("32x16x28x27x32x3");
        assertEquals(Shape.of(32, 16, 28, 27), layer.input());
        assertEquals(Shape.of(32, 16, 3, 3), layer.weight());
        assertEquals(Shape.of(32, 32, 28, 27), layer.output());
        for (String bad : new String[] {"32x16x28x28x32", "32x16x28x28x32x3x1", "32x16x28x28x32xk", "0x16x28x28x32x3",
                "32x16x28x28x-32x3"}) {
            assertEquals("-p layer=\"" + bad + "\" is not NxCINxHxWxCOUTxK (batch, in channels, height, width, out "
                    + "channels, kernel): give 6 whole numbers >= 1 joined by x, e.g. 32x16x28x28x32x3",
                    refusal(() -> CpuConvBench.Layer.parse(bad)), bad);
        }
    }
}
