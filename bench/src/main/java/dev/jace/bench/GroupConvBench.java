package dev.jace.bench;

import org.openjdk.jmh.annotations.Param;

/** Group convolution G -> G ({@code x [N, Cin, |G|, H, W]}), see {@link ConvBench}. */
public class GroupConvBench extends ConvBench {

    /** {@code NxCINxCOUTxSIZExK} (x: JMH's {@code -p} splits values at commas): latency, mid and wide layers at 28² and 7², a 64² map, a 5x5 kernel. */
    @Param({"1x8x8x28x3", "32x32x32x28x3", "128x32x32x7x5", "128x128x128x7x3", "32x8x8x64x3"})
    public String shape;

    @Override
    String shape() {
        return shape;
    }

    @Override
    boolean lifting() {
        return false;
    }
}
