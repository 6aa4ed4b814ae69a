package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Tensor;

/** TEMPORARY stub, replaced by the real implementation. */
final class CpuLoss {
    private CpuLoss() {
    }

    static void softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor loss, Tensor dlogits) {
        throw new UnsupportedOperationException("CpuLoss.softmaxCrossEntropy is not implemented yet");
    }
}
