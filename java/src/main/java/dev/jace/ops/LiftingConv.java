package dev.jace.ops;

import dev.jace.backend.Backend;
import dev.jace.backend.GroupOpShapes;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.group.Group;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

/**
 * Lifting convolution {@code x [N, Cin, H, W] ⋆ w [Cout, Cin, k, k] -> [N, Cout, |G|, H', W']} with
 * {@code out[n, o, g] = x[n] ⋆ (g · w[o])}. EXPANDED views the output as {@code [N, Cout·|G|, H', W']} and runs a
 * plain conv with the bank {@code [Cout·|G|, Cin, k, k]}.
 */
public record LiftingConv(Group group, Padding padding, Algorithm algorithm) {

    public Shape outputShape(Shape x, Shape w) {
        return GroupOpShapes.liftingOutput("liftingConv", x, w, group.table(), padding);
    }

    /** Allocates and returns the output; the caller closes it. */
    public Tensor forward(Backend backend, Tensor x, Tensor w) {
        Tensor out = backend.allocate(outputShape(x.shape(), w.shape()));
        forward(backend, x, w, out);
        return out;
    }

    public void forward(Backend backend, Tensor x, Tensor w, Tensor out) {
        GroupTable table = group.table();
        GroupOpShapes.liftingConv(x, w, table, padding, out);
        if (algorithm == Algorithm.DIRECT) {
            backend.liftingConv(x, w, table, padding, out);
            return;
        }
        try (Tensor bank = expand(backend, w)) {
            backend.conv2d(x, bank, padding, flat(out));
        }
    }

    public void backwardData(Backend backend, Tensor dy, Tensor w, Tensor dx) {
        GroupTable table = group.table();
        GroupOpShapes.liftingConvBackwardData(dy, w, table, padding, dx);
        if (algorithm == Algorithm.DIRECT) {
            backend.liftingConvBackwardData(dy, w, table, padding, dx);
            return;
        }
        try (Tensor bank = expand(backend, w)) {
            backend.conv2dBackwardData(flat(dy), bank, padding, dx);
        }
    }

    public void backwardFilter(Backend backend, Tensor x, Tensor dy, Tensor dw) {
        GroupTable table = group.table();
        GroupOpShapes.liftingConvBackwardFilter(x, dy, table, padding, dw);
        if (algorithm == Algorithm.DIRECT) {
            backend.liftingConvBackwardFilter(x, dy, table, padding, dw);
            return;
        }
        try (Tensor dBank = backend.allocate(GroupOpShapes.expandedLifting("liftingConv", dw.shape(), table))) {
            backend.conv2dBackwardFilter(x, flat(dy), padding, dBank);
            backend.expandLiftingFilterAdjoint(dBank, table, dw);
        }
    }

    private Tensor expand(Backend backend, Tensor w) {
        Tensor bank = backend.allocate(GroupOpShapes.expandedLifting("liftingConv", w.shape(), group.table()));
        backend.expandLiftingFilter(w, group.table(), bank);
        return bank;
    }

    /** {@code [N, C, |G|, H, W]} viewed as {@code [N, C·|G|, H, W]}. */
    static Tensor flat(Tensor groupMap) {
        Shape s = groupMap.shape();
        return groupMap.reshape(s.dim(0), s.dim(1) * s.dim(2), s.dim(3), s.dim(4));
    }
}
