package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.tensor.Shape;

/**
 * Equivariant batch norm of group maps {@code [N, C, |G|, H, W]}: one set of statistics and affine parameters per
 * channel, shared over the group axis (statistics over N, |G|, H, W), so it commutes with every group action.
 */
public final class GroupBatchNorm extends BatchNormLayer {

    public GroupBatchNorm(Backend backend, int channels, float momentum, float eps) {
        super(backend, channels, momentum, eps);
    }

    /** Momentum 0.1, eps 1e-5 (PyTorch defaults). */
    public GroupBatchNorm(Backend backend, int channels) {
        this(backend, channels, 0.1f, 1e-5f);
    }

    @Override
    void checkInput(Shape in) {
        LayerShapes.rank("GroupBatchNorm", in, 5, "[N, C, |G|, H, W]");
    }
}
