package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Tensor;

/** TEMPORARY stub, replaced by the real implementation. */
final class CpuConv2d {
    private CpuConv2d() {
    }

    static void forward(Tensor x, Tensor w, Padding padding, Tensor out) {
        throw new UnsupportedOperationException("CpuConv2d.forward is not implemented yet");
    }

    static void backwardData(Tensor dy, Tensor w, Padding padding, Tensor dx) {
        throw new UnsupportedOperationException("CpuConv2d.backwardData is not implemented yet");
    }

    static void backwardFilter(Tensor x, Tensor dy, Padding padding, Tensor dw) {
        throw new UnsupportedOperationException("CpuConv2d.backwardFilter is not implemented yet");
    }
}
