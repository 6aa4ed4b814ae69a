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
