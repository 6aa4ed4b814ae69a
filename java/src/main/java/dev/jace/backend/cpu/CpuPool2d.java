package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Tensor;

/** TEMPORARY stub, replaced by the real implementation. */
final class CpuPool2d {
    private CpuPool2d() {
    }

    static void max(Tensor x, int window, int stride, Tensor out) {
        throw new UnsupportedOperationException("CpuPool2d.max is not implemented yet");
    }

    static void maxBackward(Tensor x, Tensor dy, int window, int stride, Tensor dx) {
        throw new UnsupportedOperationException("CpuPool2d.maxBackward is not implemented yet");
    }

    static void avg(Tensor x, int window, int stride, Tensor out) {
        throw new UnsupportedOperationException("CpuPool2d.avg is not implemented yet");
    }

    static void avgBackward(Tensor dy, int window, int stride, Tensor dx) {
        throw new UnsupportedOperationException("CpuPool2d.avgBackward is not implemented yet");
    }
}
