package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.tensor.Shape;

/** Batch norm of images {@code [N, C, H, W]}, statistics per channel over N, H, W. */
public final class BatchNorm2d extends BatchNormLayer {

    public BatchNorm2d(Backend backend, int channels, float momentum, float eps) {
        super(backend, channels, momentum, eps);
    }

    /** Momentum 0.1, eps 1e-5 (PyTorch defaults). */
    public BatchNorm2d(Backend backend, int channels) {
        this(backend, channels, 0.1f, 1e-5f);
    }

    @Override
    void checkInput(Shape in) {
        LayerShapes.rank("BatchNorm2d", in, 4, "[N, C, H, W]");
    }
}
