package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Tensor;

/** TEMPORARY stub, replaced by the real implementation. */
final class CpuGroupConv {
    private CpuGroupConv() {
    }

    static void liftingForward(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out) {
        throw new UnsupportedOperationException("CpuGroupConv.liftingForward is not implemented yet");
    }

    static void liftingBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx) {
        throw new UnsupportedOperationException("CpuGroupConv.liftingBackwardData is not implemented yet");
    }

    static void liftingBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw) {
        throw new UnsupportedOperationException("CpuGroupConv.liftingBackwardFilter is not implemented yet");
    }

    static void groupForward(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out) {
        throw new UnsupportedOperationException("CpuGroupConv.groupForward is not implemented yet");
    }

    static void groupBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx) {
        throw new UnsupportedOperationException("CpuGroupConv.groupBackwardData is not implemented yet");
    }

    static void groupBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw) {
        throw new UnsupportedOperationException("CpuGroupConv.groupBackwardFilter is not implemented yet");
    }
}
