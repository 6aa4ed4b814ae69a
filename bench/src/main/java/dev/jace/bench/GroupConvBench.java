package dev.jace.bench;

import org.openjdk.jmh.annotations.Param;

/** Group convolution G -> G ({@code x [N, Cin, |G|, H, W]}), see {@link ConvBench}. */
public class GroupConvBench extends ConvBench {

    /** {@code n,cin,cout,size,k}: latency, mid and wide layers at 28² and 7², a 64² map, a 5x5 kernel. */
    @Param({"1,8,8,28,3", "32,32,32,28,3", "128,32,32,7,5", "128,128,128,7,3", "32,8,8,64,3"})
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
