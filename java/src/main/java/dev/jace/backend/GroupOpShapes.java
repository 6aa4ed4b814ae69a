package dev.jace.backend;

import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Arrays;

import static dev.jace.backend.OpShapes.expect;
import static dev.jace.backend.OpShapes.expectRank;

/**
 * Shape checks of the group ops, shared by every backend; each mirrors a {@link Backend} method and throws
 * {@link IllegalArgumentException} naming the op, the argument, the expected and the actual shape.
 */
public final class GroupOpShapes {

    private GroupOpShapes() {
    }

    /**
     * Checks that the per-sample shape of x fits {@code rep} for {@code group} acting with {@code elements} (already
     * checked to be in the group): a quarter turn among them needs square maps.
     */
    public static void featureShape(String op, String argument, Shape x, GroupTable group, int[] elements,
                                    FeatureRep rep) {
        switch (rep) {
            case INVARIANT -> {
                // any shape: every element leaves an invariant feature as it is, and a Shape always has a batch axis
            }
            case IMAGE -> {
                if (x.rank() != 4) {
                    throw new IllegalArgumentException(op + ": " + argument + " should be an image batch [N, C, H, W]"
                            + " but has shape " + x);
                }
                squareIfQuarterTurn(op, argument, x, group, elements);
            }
            case GROUP_MAP -> {
                if (x.rank() != 5 || x.dim(2) != group.order()) {
                    throw new IllegalArgumentException(op + ": " + argument + " should be a group feature map [N, C, "
                            + group.order() + ", H, W] for " + group.name() + " but has shape " + x);
                }
                squareIfQuarterTurn(op, argument, x, group, elements);
            }
        }
    }

    private static void squareIfQuarterTurn(String op, String argument, Shape x, GroupTable group, int[] elements) {
        int s = x.dim(-1) == x.dim(-2) ? -1 : group.firstQuarterTurn(elements);
        if (s >= 0) {
            throw new IllegalArgumentException(op + ": element " + elements[s] + " of " + group.name()
                    + " is a quarter turn, so " + argument + " needs square maps (half turns and flips keep any"
                    + " shape), got shape " + x);
        }
    }

    private static int[] allElements(GroupTable group) {
        int[] all = new int[group.order()];
        Arrays.setAll(all, i -> i);
        return all;
    }

    public static void groupAction(Tensor x, GroupTable group, int[] elements, FeatureRep rep, Tensor out) {
        String op = "groupAction";
        group.checkElements(op, elements);
        featureShape(op, "x", x.shape(), group, elements, rep);
        expect(op, "out", out, x.shape().withDim0(elements.length * x.shape().dim(0)));
    }

    private static void oddKernel(String op, Shape w) {
        int k = w.dim(-1);
        if (w.dim(-2) != k || k % 2 == 0) {
            throw new IllegalArgumentException(op + ": group convolutions need square filters of odd size, w has shape "
                    + w);
        }
    }

    /** Output shape of a lifting conv: x [N, Cin, H, W], w [Cout, Cin, k, k] -> [N, Cout, |G|, H', W']. */
    public static Shape liftingOutput(String op, Shape x, Shape w, GroupTable group, Padding padding) {
        if (w.rank() != 4) {
            throw new IllegalArgumentException(op + ": w should be [Cout, Cin, k, k] but has shape " + w);
        }
        oddKernel(op, w);
        Shape plain = OpShapes.conv2dOutput(op, x, w, padding);
        if (group.hasQuarterTurns() && x.dim(2) != x.dim(3)) {
            throw new IllegalArgumentException(op + ": " + group.name() + " has quarter turns, so x needs square maps,"
                    + " got " + x);
        }
        return Shape.of(plain.dim(0), plain.dim(1), group.order(), plain.dim(2), plain.dim(3));
    }

    public static void liftingConv(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out) {
        expect("liftingConv", "out", out, liftingOutput("liftingConv", x.shape(), w.shape(), group, padding));
    }

    public static void liftingConvBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx) {
        String op = "liftingConvBackwardData";
        expectRank(op, "dx", dx, 4);
        expect(op, "dy", dy, liftingOutput(op, dx.shape(), w.shape(), group, padding));
    }

    public static void liftingConvBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding,
                                                 Tensor dw) {
        String op = "liftingConvBackwardFilter";
        expect(op, "dy", dy, liftingOutput(op, x.shape(), dw.shape(), group, padding));
    }

    /** Output shape of a group conv: x [N, Cin, |G|, H, W], w [Cout, Cin, |G|, k, k] -> [N, Cout, |G|, H', W']. */
    public static Shape groupConvOutput(String op, Shape x, Shape w, GroupTable group, Padding padding) {
        featureShape(op, "x", x, group, allElements(group), FeatureRep.GROUP_MAP);
        if (w.rank() != 5 || w.dim(1) != x.dim(1) || w.dim(2) != group.order()) {
            throw new IllegalArgumentException(op + ": w should be [Cout, " + x.dim(1) + ", " + group.order()
                    + ", k, k] but has shape " + w);
        }
        oddKernel(op, w);
        int h = OpShapes.spatialOut(op, x.dim(3), w.dim(3), padding);
        int wd = OpShapes.spatialOut(op, x.dim(4), w.dim(4), padding);
        return Shape.of(x.dim(0), w.dim(0), group.order(), h, wd);
    }

    public static void groupConv(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out) {
        expect("groupConv", "out", out, groupConvOutput("groupConv", x.shape(), w.shape(), group, padding));
    }

    public static void groupConvBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx) {
        String op = "groupConvBackwardData";
        expect(op, "dy", dy, groupConvOutput(op, dx.shape(), w.shape(), group, padding));
    }

    public static void groupConvBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw) {
        String op = "groupConvBackwardFilter";
        expect(op, "dy", dy, groupConvOutput(op, x.shape(), dw.shape(), group, padding));
    }

    /** [Cout, Cin, k, k] -> [Cout·|G|, Cin, k, k]. */
    public static Shape expandedLifting(String op, Shape w, GroupTable group) {
        if (w.rank() != 4) {
            throw new IllegalArgumentException(op + ": w should be [Cout, Cin, k, k] but has shape " + w);
        }
        oddKernel(op, w);
        return Shape.of(w.dim(0) * group.order(), w.dim(1), w.dim(2), w.dim(3));
    }

    /** [Cout, Cin, |G|, k, k] -> [Cout·|G|, Cin·|G|, k, k]. */
    public static Shape expandedGroup(String op, Shape w, GroupTable group) {
        if (w.rank() != 5 || w.dim(2) != group.order()) {
            throw new IllegalArgumentException(op + ": w should be [Cout, Cin, " + group.order()
                    + ", k, k] but has shape " + w);
        }
        oddKernel(op, w);
        return Shape.of(w.dim(0) * group.order(), w.dim(1) * group.order(), w.dim(3), w.dim(4));
    }

    public static void expandLiftingFilter(Tensor w, GroupTable group, Tensor out) {
        expect("expandLiftingFilter", "out", out, expandedLifting("expandLiftingFilter", w.shape(), group));
    }

    public static void expandLiftingFilterAdjoint(Tensor dExpanded, GroupTable group, Tensor dw) {
        String op = "expandLiftingFilterAdjoint";
        expect(op, "dExpanded", dExpanded, expandedLifting(op, dw.shape(), group));
    }

    public static void expandGroupFilter(Tensor w, GroupTable group, Tensor out) {
        expect("expandGroupFilter", "out", out, expandedGroup("expandGroupFilter", w.shape(), group));
    }

    public static void expandGroupFilterAdjoint(Tensor dExpanded, GroupTable group, Tensor dw) {
        String op = "expandGroupFilterAdjoint";
        expect(op, "dExpanded", dExpanded, expandedGroup(op, dw.shape(), group));
    }

    /** [N, C, |G|, H, W] -> [N, C, H, W]. */
    public static Shape pooledOverGroup(String op, Shape x) {
        if (x.rank() != 5) {
            throw new IllegalArgumentException(op + ": x should be [N, C, |G|, H, W] but has shape " + x);
        }
        return Shape.of(x.dim(0), x.dim(1), x.dim(3), x.dim(4));
    }

    public static void groupPool(Tensor x, PoolMode mode, Tensor out) {
        expect("groupPool", "out", out, pooledOverGroup("groupPool", x.shape()));
    }

    public static void groupPoolBackward(Tensor x, Tensor dy, PoolMode mode, Tensor dx) {
        String op = "groupPoolBackward";
        expect(op, "dy", dy, pooledOverGroup(op, x.shape()));
        expect(op, "dx", dx, x.shape());
    }

    public static void equivarianceDeviation(Tensor fgx, Tensor fx, GroupTable group, int[] elements,
                                             FeatureRep rep, Tensor deviation, Tensor norm) {
        String op = "equivarianceDeviation";
        deviationInputs(op, fgx, fx, group, elements, rep);
        int n = fx.shape().dim(0);
        expect(op, "deviation", deviation, Shape.of(elements.length, n));
        expect(op, "norm", norm, Shape.of(n));
    }

    public static void equivarianceDeviationBackward(Tensor fgx, Tensor fx, GroupTable group, int[] elements,
                                                     FeatureRep rep, Tensor dDeviation, Tensor dNorm, Tensor dFgx,
                                                     Tensor dFx) {
        String op = "equivarianceDeviationBackward";
        deviationInputs(op, fgx, fx, group, elements, rep);
        int n = fx.shape().dim(0);
        expect(op, "dDeviation", dDeviation, Shape.of(elements.length, n));
        if (dNorm != null) {
            expect(op, "dNorm", dNorm, Shape.of(n));
        }
        expect(op, "dFgx", dFgx, fgx.shape());
        expect(op, "dFx", dFx, fx.shape());
    }

    private static void deviationInputs(String op, Tensor fgx, Tensor fx, GroupTable group, int[] elements,
                                        FeatureRep rep) {
        group.checkElements(op, elements);
        featureShape(op, "fx", fx.shape(), group, elements, rep);
        expect(op, "fgx", fgx, fx.shape().withDim0(elements.length * fx.shape().dim(0)));
    }
}
