package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Tensor;

/** TEMPORARY stub, replaced by the real implementation. */
final class CpuFilterBank {
    private CpuFilterBank() {
    }

    static void expandLifting(Tensor w, GroupTable group, Tensor out) {
        throw new UnsupportedOperationException("CpuFilterBank.expandLifting is not implemented yet");
    }

    static void expandLiftingAdjoint(Tensor dExpanded, GroupTable group, Tensor dw) {
        throw new UnsupportedOperationException("CpuFilterBank.expandLiftingAdjoint is not implemented yet");
    }

    static void expandGroup(Tensor w, GroupTable group, Tensor out) {
        throw new UnsupportedOperationException("CpuFilterBank.expandGroup is not implemented yet");
    }

    static void expandGroupAdjoint(Tensor dExpanded, GroupTable group, Tensor dw) {
        throw new UnsupportedOperationException("CpuFilterBank.expandGroupAdjoint is not implemented yet");
    }
}
