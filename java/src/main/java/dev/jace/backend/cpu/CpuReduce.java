package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Tensor;

/** TEMPORARY stub, replaced by the real implementation. */
final class CpuReduce {
    private CpuReduce() {
    }

    static void sum(Tensor x, Tensor out) {
        throw new UnsupportedOperationException("CpuReduce.sum is not implemented yet");
    }

    static void mean(Tensor x, Tensor out) {
        throw new UnsupportedOperationException("CpuReduce.mean is not implemented yet");
    }

    static void sumAxis(Tensor x, int axis, Tensor out) {
        throw new UnsupportedOperationException("CpuReduce.sumAxis is not implemented yet");
    }

    static void meanAxis(Tensor x, int axis, Tensor out) {
        throw new UnsupportedOperationException("CpuReduce.meanAxis is not implemented yet");
    }

    static void channelSum(Tensor x, Tensor out) {
        throw new UnsupportedOperationException("CpuReduce.channelSum is not implemented yet");
    }
}
