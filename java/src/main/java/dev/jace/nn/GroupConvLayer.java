package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Random;

/**
 * Group convolution {@code [N, Cin, |G|, H, W] -> [N, Cout, |G|, H', W']} ({@link Backend#groupConv}), weight
 * {@code [Cout, Cin, |G|, k, k]}, bias {@code [Cout]} shared over the group axis.
 */
public final class GroupConvLayer extends EquivariantConv {

    /** Kaiming-uniform weights, zero bias. */
    public GroupConvLayer(Backend backend, GroupTable group, int inChannels, int outChannels, int kernel,
                          Padding padding, Random random) {
        super(backend, group, padding, Shape.of(outChannels, inChannels, group.order(), kernel, kernel), random);
    }

    /** Takes ownership of {@code weight [Cout, Cin, |G|, k, k]} and {@code bias [Cout]}. */
    GroupConvLayer(Backend backend, GroupTable group, Padding padding, Parameter weight, Parameter bias) {
        super(backend, group, padding, weight, bias);
    }

    public int inChannels() {
        return weight().shape().dim(1);
    }

    @Override
    public int planarInChannels() {
        return inChannels() * group.order();
    }

    @Override
    Shape planarShape(Shape in) {
        LayerShapes.rank("GroupConvLayer", in, 5, "[N, C, |G|, H, W]");
        LayerShapes.dim("GroupConvLayer", in, 1, inChannels(), "channels");
        LayerShapes.dim("GroupConvLayer", in, 2, group.order(), "group elements");
        return Shape.of(in.dim(0), planarInChannels(), in.dim(3), in.dim(4));
    }

    @Override
    void convolve(Tensor x, Tensor w, Tensor out) {
        backend.groupConv(x, w, group, padding, out);
    }

    @Override
    void expandFilter(Tensor w, Tensor out) {
        backend.expandGroupFilter(w, group, out);
    }

    @Override
    void expandFilterAdjoint(Tensor dExpanded, Tensor dw) {
        backend.expandGroupFilterAdjoint(dExpanded, group, dw);
    }

    @Override
    void convolveBackwardData(Tensor dy, Tensor w, Tensor dx) {
        backend.groupConvBackwardData(dy, w, group, padding, dx);
    }

    @Override
    void convolveBackwardFilter(Tensor x, Tensor dy, Tensor dw) {
        backend.groupConvBackwardFilter(x, dy, group, padding, dw);
    }
}
