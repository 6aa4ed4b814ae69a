package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Tensor;

/** TEMPORARY stub, replaced by the real implementation. */
final class CpuGroupAction {
    private CpuGroupAction() {
    }

    static void apply(Tensor x, GroupTable group, int[] elements, FeatureRep rep, Tensor out) {
        throw new UnsupportedOperationException("CpuGroupAction.apply is not implemented yet");
    }
}
