package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Random;

/**
 * Lifting convolution {@code [N, Cin, H, W] -> [N, Cout, |G|, H', W']} ({@link Backend#liftingConv}), weight
 * {@code [Cout, Cin, k, k]}, bias {@code [Cout]} shared over the group axis.
 */
public final class LiftingConvLayer extends EquivariantConv {

    /** Kaiming-uniform weights, zero bias. */
    public LiftingConvLayer(Backend backend, GroupTable group, int inChannels, int outChannels, int kernel,
                            Padding padding, Random random) {
        super(backend, group, padding, Shape.of(outChannels, inChannels, kernel, kernel), random);
    }

    @Override
    public int planarInChannels() {
        return weight().shape().dim(1);
    }

    @Override
    Shape planarShape(Shape in) {
        LayerShapes.rank("LiftingConvLayer", in, 4, "[N, C, H, W]");
        LayerShapes.dim("LiftingConvLayer", in, 1, planarInChannels(), "channels");
        return in;
    }

    @Override
    void convolve(Tensor x, Tensor w, Tensor out) {
        backend.liftingConv(x, w, group, padding, out);
    }

    @Override
    void expandFilter(Tensor w, Tensor out) {
        backend.expandLiftingFilter(w, group, out);
    }

    @Override
    void expandFilterAdjoint(Tensor dExpanded, Tensor dw) {
        backend.expandLiftingFilterAdjoint(dExpanded, group, dw);
    }

    @Override
    void convolveBackwardData(Tensor dy, Tensor w, Tensor dx) {
        backend.liftingConvBackwardData(dy, w, group, padding, dx);
    }

    @Override
    void convolveBackwardFilter(Tensor x, Tensor dy, Tensor dw) {
        backend.liftingConvBackwardFilter(x, dy, group, padding, dw);
    }
}
