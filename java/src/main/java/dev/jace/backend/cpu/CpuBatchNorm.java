package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Tensor;

/** TEMPORARY stub, replaced by the real implementation. */
final class CpuBatchNorm {
    private CpuBatchNorm() {
    }

    static void train(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float momentum, float eps, Tensor out, Tensor saveMean, Tensor saveInvStd) {
        throw new UnsupportedOperationException("CpuBatchNorm.train is not implemented yet");
    }

    static void eval(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float eps, Tensor out) {
        throw new UnsupportedOperationException("CpuBatchNorm.eval is not implemented yet");
    }

    static void backward(Tensor x, Tensor dy, Tensor gamma, Tensor saveMean, Tensor saveInvStd, Tensor dx, Tensor dgamma, Tensor dbeta) {
        throw new UnsupportedOperationException("CpuBatchNorm.backward is not implemented yet");
    }
}
