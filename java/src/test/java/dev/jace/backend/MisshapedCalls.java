package dev.jace.backend;

import dev.jace.group.Groups;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.List;

/**
 * Op calls with one argument of the wrong shape each, made on a given backend, for the tests that each backend refuses
 * them before it computes anything, and refuses them alike. A call's {@code output}, what the op would write, holds
 * 7s.
 */
public final class MisshapedCalls {

    private static final GroupTable C4 = Groups.byName("c4").table();

    /** An op call whose argument {@code argument} has the wrong shape; {@code output} is what it would write. */
    public record Misshaped(String op, String argument, Tensor output, Runnable call) {
        @Override
        public String toString() {
            return op + " with a misshaped " + argument;
        }
    }

    private final Backend backend;

    private MisshapedCalls(Backend backend) {
        this.backend = backend;
    }

    /** The calls on {@code b}, in the same order on every backend; its tensors stay open until it closes. */
    public static List<Misshaped> on(Backend b) {
        return new MisshapedCalls(b).calls();
    }

    private List<Misshaped> calls() {
        Backend b = backend;
        Tensor x23 = zeros(2, 3);
        Tensor wrong = sevens(2, 4);
        Tensor image = zeros(1, 1, 4, 4);
        Tensor lifted = zeros(1, 2, 4, 4, 4);
        Tensor liftingW = zeros(2, 1, 3, 3);
        Tensor groupW = zeros(2, 2, 4, 3, 3);
        Tensor channel = zeros(1);
        int[] elements = {1, 2};
        Tensor wrongDx = sevens(1, 1, 4, 5);
        Tensor wrongDy = zeros(1, 2, 4, 4, 5);
        Tensor imageDx = sevens(1, 1, 4, 4);
        Tensor liftingDw = sevens(2, 1, 3, 3);
        Tensor groupDw = sevens(2, 2, 4, 3, 3);
        Tensor wrongExpandedDw = sevens(2, 2, 4, 5, 5);
        Tensor wrongGroupDx = sevens(1, 2, 4, 4, 5);
        return List.of(
                new Misshaped("copy", "source [2, 3] and destination [2, 4] differ in size", wrong,
                        () -> b.copy(x23, wrong)),
                new Misshaped("mul", "out", wrong, () -> b.mul(x23, x23, wrong)),
                new Misshaped("scale", "out", wrong, () -> b.scale(x23, 2f, wrong)),
                new Misshaped("relu", "out", wrong, () -> b.relu(x23, wrong)),
                new Misshaped("axpy", "y", wrong, () -> b.axpySign(1f, x23, wrong)),
                new Misshaped("axpy", "y", wrong, () -> {
                    try (var alpha = b.scalars(1)) {
                        b.axpySign(alpha.at(0), x23, wrong);
                    }
                }),
                new Misshaped("sum", "out", wrong, () -> b.sum(x23, wrong)),
                new Misshaped("mean", "out", wrong, () -> b.mean(x23, wrong)),
                new Misshaped("avgPool2d", "out", wrong, () -> b.avgPool2d(image, 2, 2, wrong)),
                new Misshaped("maxPool2dBackward", "dx", wrongDx,
                        () -> b.maxPool2dBackward(image, zeros(1, 1, 2, 2), 2, 2, wrongDx)),
                new Misshaped("batchNormEval", "out", wrongDx,
                        () -> b.batchNormEval(image, channel, channel, channel, channel, 1e-5f, wrongDx)),
                new Misshaped("liftingConvBackwardData", "dy", imageDx,
                        () -> b.liftingConvBackwardData(wrongDy, liftingW, C4, Padding.SAME, imageDx)),
                new Misshaped("liftingConvBackwardFilter", "dy", liftingDw,
                        () -> b.liftingConvBackwardFilter(image, wrongDy, C4, Padding.SAME, liftingDw)),
                new Misshaped("groupConv", "out", wrongGroupDx,
                        () -> b.groupConv(lifted, groupW, C4, Padding.SAME, wrongGroupDx)),
                new Misshaped("groupConvBackwardFilter", "dy", groupDw,
                        () -> b.groupConvBackwardFilter(lifted, wrongDy, C4, Padding.SAME, groupDw)),
                new Misshaped("expandLiftingFilter", "out", liftingDw,
                        () -> b.expandLiftingFilter(liftingW, C4, liftingDw)),
                new Misshaped("expandGroupFilterAdjoint", "dExpanded", wrongExpandedDw,
                        () -> b.expandGroupFilterAdjoint(zeros(8, 8, 3, 3), C4, wrongExpandedDw)),
                new Misshaped("groupPoolBackward", "dx", wrongGroupDx,
                        () -> b.groupPoolBackward(lifted, zeros(1, 2, 4, 4), PoolMode.MEAN, wrongGroupDx)),
                new Misshaped("avgPool2dBackward", "dy", imageDx,
                        () -> b.avgPool2dBackward(zeros(1, 1, 2, 3), 2, 2, imageDx)),
                new Misshaped("groupPool", "out", wrongDx, () -> b.groupPool(lifted, PoolMode.MAX, wrongDx)),
                new Misshaped("sgdStep", "grad", wrong, () -> {
                    try (var lr = b.scalars(1)) {
                        b.sgdStep(wrong, x23, zeros(2, 4), lr.at(0), 0.9f, 0f);
                    }
                }),
                new Misshaped("equivarianceDeviationBackward", "dFx", wrongGroupDx,
                        () -> b.equivarianceDeviationBackward(zeros(2, 2, 4, 4, 4), lifted, C4, elements,
                                FeatureRep.GROUP_MAP, zeros(2, 1), null, zeros(2, 2, 4, 4, 4), wrongGroupDx)));
    }

    private Tensor zeros(int... dims) {
        Tensor t = backend.allocate(Shape.of(dims));
        backend.fill(t, 0f);
        return t;
    }

    private Tensor sevens(int... dims) {
        Tensor t = backend.allocate(Shape.of(dims));
        backend.fill(t, 7f);
        return t;
    }
}
