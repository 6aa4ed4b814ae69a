package dev.jace.bench;

import org.openjdk.jmh.annotations.Param;

/** Lifting convolution Z² -> G ({@code x [N, Cin, H, W]}), see {@link ConvBench}. */
public class LiftingConvBench extends ConvBench {

    /** {@code n,cin,cout,size,k}: latency, a batch at 28², a large batch at 7², a 64² map, a 5x5 kernel. */
    @Param({"1,8,32,28,3", "32,8,32,28,3", "128,32,32,7,3", "32,8,32,64,3", "32,8,32,28,5"})
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
