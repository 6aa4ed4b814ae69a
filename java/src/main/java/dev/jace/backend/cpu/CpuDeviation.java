package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Tensor;

/** TEMPORARY stub, replaced by the real implementation. */
final class CpuDeviation {
    private CpuDeviation() {
    }

    static void forward(Tensor fgx, Tensor fx, GroupTable group, int[] elements, FeatureRep rep, Tensor deviation, Tensor norm) {
        throw new UnsupportedOperationException("CpuDeviation.forward is not implemented yet");
    }

    static void backward(Tensor fgx, Tensor fx, GroupTable group, int[] elements, FeatureRep rep, Tensor dDeviation, Tensor dNorm, Tensor dFgx, Tensor dFx) {
        throw new UnsupportedOperationException("CpuDeviation.backward is not implemented yet");
    }
}
