package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Tensor;

/** TEMPORARY stub, replaced by the real implementation. */
final class CpuLinalg {
    private CpuLinalg() {
    }

    static void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        throw new UnsupportedOperationException("CpuLinalg.matmul is not implemented yet");
    }
}
