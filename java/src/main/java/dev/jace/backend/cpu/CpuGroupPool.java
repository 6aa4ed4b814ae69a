package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Tensor;

/** TEMPORARY stub, replaced by the real implementation. */
final class CpuGroupPool {
    private CpuGroupPool() {
    }

    static void forward(Tensor x, PoolMode mode, Tensor out) {
        throw new UnsupportedOperationException("CpuGroupPool.forward is not implemented yet");
    }

    static void backward(Tensor x, Tensor dy, PoolMode mode, Tensor dx) {
        throw new UnsupportedOperationException("CpuGroupPool.backward is not implemented yet");
    }
}
