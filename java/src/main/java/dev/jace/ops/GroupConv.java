package dev.jace.ops;

import dev.jace.backend.Backend;
import dev.jace.backend.GroupOpShapes;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.group.Group;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import static dev.jace.ops.LiftingConv.flat;

/**
 * Group convolution {@code x [N, Cin, |G|, H, W] ⋆ w [Cout, Cin, |G|, k, k] -> [N, Cout, |G|, H', W']} with
 * {@code out[n, o, g] = Σ_{c,h} x[n, c, h] ⋆ (g · w[o, c, g⁻¹h])}. EXPANDED views input and output as images with
 * {@code C·|G|} channels and runs a plain conv with the bank {@code [Cout·|G|, Cin·|G|, k, k]}.
 */
public record GroupConv(Group group, Padding padding, Algorithm algorithm) {

    public Shape outputShape(Shape x, Shape w) {
        return GroupOpShapes.groupConvOutput("groupConv", x, w, group.table(), padding);
    }

    /** Allocates and returns the output; the caller closes it. */
    public Tensor forward(Backend backend, Tensor x, Tensor w) {
        Tensor out = backend.allocate(outputShape(x.shape(), w.shape()));
        forward(backend, x, w, out);
        return out;
    }

    public void forward(Backend backend, Tensor x, Tensor w, Tensor out) {
        GroupTable table = group.table();
        GroupOpShapes.groupConv(x, w, table, padding, out);
        if (algorithm == Algorithm.DIRECT) {
            backend.groupConv(x, w, table, padding, out);
            return;
        }
        try (Tensor bank = expand(backend, w)) {
            backend.conv2d(flat(x), bank, padding, flat(out));
        }
    }

    public void backwardData(Backend backend, Tensor dy, Tensor w, Tensor dx) {
        GroupTable table = group.table();
        GroupOpShapes.groupConvBackwardData(dy, w, table, padding, dx);
        if (algorithm == Algorithm.DIRECT) {
            backend.groupConvBackwardData(dy, w, table, padding, dx);
            return;
        }
        try (Tensor bank = expand(backend, w)) {
            backend.conv2dBackwardData(flat(dy), bank, padding, flat(dx));
        }
    }

    public void backwardFilter(Backend backend, Tensor x, Tensor dy, Tensor dw) {
        GroupTable table = group.table();
        GroupOpShapes.groupConvBackwardFilter(x, dy, table, padding, dw);
        if (algorithm == Algorithm.DIRECT) {
            backend.groupConvBackwardFilter(x, dy, table, padding, dw);
            return;
        }
        try (Tensor dBank = backend.allocate(GroupOpShapes.expandedGroup("groupConv", dw.shape(), table))) {
            backend.conv2dBackwardFilter(flat(x), flat(dy), padding, dBank);
            backend.expandGroupFilterAdjoint(dBank, table, dw);
        }
    }

    private Tensor expand(Backend backend, Tensor w) {
        Tensor bank = backend.allocate(GroupOpShapes.expandedGroup("groupConv", w.shape(), group.table()));
        backend.expandGroupFilter(w, group.table(), bank);
        return bank;
    }
}
