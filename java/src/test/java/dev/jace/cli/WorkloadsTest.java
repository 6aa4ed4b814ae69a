package dev.jace.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The work per op that turns a bench time into a rate, on sizes small enough to count by hand. */
class WorkloadsTest {

    @Test
    void aConvolutionCountsTwoFlopsPerTapOfEveryOutputPixel() {
        ConvShape s = new ConvShape(2, 3, 5, 7, 3);
        // C4 lifting: 2·5·4·7·7 = 1960 outputs, each 3 channels · 3·3 taps = 27 multiply-adds.
        assertEquals(2 * 1960 * 27, Workloads.convFlops(s, true, 4));
        // C4 group conv: the same outputs, each 3 channels · 4 elements · 3·3 taps = 108 multiply-adds.
        assertEquals(2 * 1960 * 108, Workloads.convFlops(s, false, 4));
        // D4 group conv: 2·5·8·7·7 = 3920 outputs, each 3 · 8 · 9 = 216 multiply-adds.
        assertEquals(2 * 3920 * 216, Workloads.convFlops(s, false, 8));
    }

    /** SAME padding's zero taps are counted; this is the share of the counted taps that touch the image. */
    @Test
    void theValidTapsAreTheCountedTapsLessThoseOnThePadding() {
        // 7 output columns, k = 3: the two edge columns see 2 of their 3 taps, so 19 of 21 per axis, (19/21)² in 2D.
        assertEquals(361.0 / 441, Workloads.validTapFraction(7, 3), 1e-15);
        // 28 columns: 82 of 84 per axis.
        assertEquals(82.0 * 82 / (84 * 84), Workloads.validTapFraction(28, 3), 1e-15);
        // k = 5 on 7 columns: 3, 4, 5, 5, 5, 4, 3 = 29 of 35.
        assertEquals(29.0 * 29 / (35 * 35), Workloads.validTapFraction(7, 5), 1e-15);
        // A 1×1 kernel has no padding; a 3×3 kernel on a 1×1 map sees 1 of its 9 taps.
        assertEquals(1.0, Workloads.validTapFraction(7, 1));
        assertEquals(1.0 / 9, Workloads.validTapFraction(1, 3), 1e-15);
    }

    @Test
    void aGemmCountsTwoFlopsPerMultiplyAdd() {
        // [2,4]·[4,3]: 2·3 outputs of 4 multiply-adds.
        assertEquals(48, Workloads.gemmFlops(2, 3, 4));
    }

    @Test
    void bandwidthBoundOpsCountTheFloatsTheyMustMove() {
        // Acting with 8 elements on 100 floats reads them once and writes 800: 900 floats of 4 bytes.
        assertEquals(3600, Workloads.actionBytes(8, 100));
        // The deviation of 100 output floats over 8 elements reads f(g·x) (800) and f(x) (100).
        assertEquals(3600, Workloads.deviationBytes(8, 100));
        // Its backward also writes both gradients.
        assertEquals(7200, Workloads.deviationBackwardBytes(8, 100));
        assertEquals(4 * 90, Workloads.actionBytes(2, 30));
        // A copy of 100 floats reads and writes each.
        assertEquals(800, Workloads.copyBytes(100));
    }
}
