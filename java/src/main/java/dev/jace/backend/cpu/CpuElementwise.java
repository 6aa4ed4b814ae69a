package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Tensor;

/** TEMPORARY stub, replaced by the real implementation. */
final class CpuElementwise {
    private CpuElementwise() {
    }

    static void add(Tensor a, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("CpuElementwise.add is not implemented yet");
    }

    static void mul(Tensor a, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("CpuElementwise.mul is not implemented yet");
    }

    static void scale(Tensor a, float s, Tensor out) {
        throw new UnsupportedOperationException("CpuElementwise.scale is not implemented yet");
    }

    static void axpy(float alpha, Tensor x, Tensor y) {
        throw new UnsupportedOperationException("CpuElementwise.axpy is not implemented yet");
    }

    static void addChannelBias(Tensor x, Tensor bias, Tensor out) {
        throw new UnsupportedOperationException("CpuElementwise.addChannelBias is not implemented yet");
    }

    static void relu(Tensor x, Tensor out) {
        throw new UnsupportedOperationException("CpuElementwise.relu is not implemented yet");
    }

    static void reluBackward(Tensor x, Tensor dy, Tensor dx) {
        throw new UnsupportedOperationException("CpuElementwise.reluBackward is not implemented yet");
    }
}
