package dev.jace.bench;

import org.openjdk.jmh.annotations.Param;

/** Lifting convolution Z² -> G ({@code x [N, Cin, H, W]}), see {@link ConvBench}. */
public class LiftingConvBench extends ConvBench {

    /** {@code NxCINxCOUTxSIZExK} (x: JMH's {@code -p} splits values at commas): latency, a batch at 28², a large batch at 7², a 64² map, a 5x5 kernel. */
    @Param({"1x8x32x28x3", "32x8x32x28x3", "128x32x32x7x3", "32x8x32x64x3", "32x8x32x28x5"})
    public String shape;

    @Override
    String shape() {
        return shape;
    }

    @Override
    boolean lifting() {
        return true;
    }
}
