package dev.jace.backend;

import dev.jace.group.C2;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.List;

/**
 * A call of every op with tensor outputs whose two arguments share memory against the op's rule (jace.h, "Memory";
 * {@link OpAliasing}), made on a given backend, for the tests that each backend refuses them, and refuses them alike.
 * Ops refuse aliasing before they compute, so the tensors hold zeros.
 */
public final class AliasedCalls {

    private static final GroupTable C2 = new C2().table();

    /** A call whose {@code first} and {@code second} arguments share memory against the op's rule. */
    public record Refused(String op, String first, String second, Runnable call) {
        @Override
        public String toString() {
            return op + " " + first + "/" + second;
        }
    }

    private final Backend backend;

    private AliasedCalls(Backend backend) {
        this.backend = backend;
    }

    private Tensor t(int... dims) {
        return backend.allocate(Shape.of(dims));
    }

    /**
     * A tensor of {@code dims} over the first elements of {@code owner}'s memory. The CPU backend would refuse to
     * compute on it (it computes on whole arrays), but each op checks its aliasing rule first.
     */
    private static Tensor prefix(Tensor owner, int... dims) {
        return Tensor.wrap(Shape.of(dims), owner.data(), owner.device(), owner.issuer(), () -> { });
    }

    /** A tensor of {@code dims} over {@code owner}'s memory from its second element on: a partial overlap. */
    private static Tensor shifted(Tensor owner, int... dims) {
        return Tensor.wrap(Shape.of(dims), owner.data().asSlice(Float.BYTES), owner.device(), owner.issuer(),
                () -> { });
    }

    private DeviceScalar scalar() {
        DeviceScalars block = backend.scalars(1);
        block.set(0, 1.5);
        block.publish();
        return block.at(0);
    }

    private static Refused refused(String op, String first, String second, Runnable call) {
        return new Refused(op, first, second, call);
    }

    /** The calls on {@code b}, in the same order on every backend; its tensors stay open until it closes. */
    public static List<Refused> on(Backend b) {
        return new AliasedCalls(b).calls();
    }

    private List<Refused> calls() {
        Backend b = backend;
        DeviceScalar alpha = scalar();
        Tensor five = t(5);
        Tensor four = prefix(five, 4);
        Tensor partial = shifted(five, 4);
        Tensor v = t(4);
        Tensor one = t(1);
        Tensor m = t(2, 2);
        Tensor n = t(2, 2);
        Tensor row = t(1, 5);
        Tensor logits7 = t(7);
        Tensor logits = prefix(logits7, 2, 3);
        Tensor labels = t(2);
        Tensor loss = t(2);
        Tensor dlogits = t(2, 3);
        Tensor image = t(1, 1, 3, 3);
        Tensor pixel = t(1, 1, 1, 1);
        Tensor pool = t(1, 1, 2, 2);
        Tensor bn = t(2, 2);
        Tensor bn5 = t(5);
        Tensor bnX = prefix(bn5, 2, 2);
        Tensor bnOut = shifted(bn5, 2, 2);
        Tensor bnOther = t(2, 2);
        Tensor[] c = {t(2), t(2), t(2), t(2), t(2), t(2)};
        Tensor lifted = t(1, 1, 2, 3, 3);
        Tensor groupFilter = t(1, 1, 2, 1, 1);
        Tensor expanded = t(2, 1, 1, 1);
        Tensor expandedGroup = t(2, 2, 1, 1);
        Tensor groupMap = t(1, 1, 2, 2, 2);
        Tensor fx = t(2, 3);
        Tensor fgx = t(2, 3);
        Tensor dev = t(1, 2);
        Tensor norm = t(2);
        int[] flip = {1};
        return List.of(
                refused("copy", "dst", "src", () -> b.copy(v, v)),
                refused("copy", "dst", "src", () -> b.copy(four, partial)),
                refused("matmul", "out", "a", () -> b.matmul(m, false, n, false, m)),
                refused("matmul", "out", "b", () -> b.matmul(m, false, n, true, n)),
                refused("add", "out", "a", () -> b.add(four, v, partial)),
                refused("add", "out", "b", () -> b.add(v, four, partial)),
                refused("mul", "out", "a", () -> b.mul(four, v, partial)),
                refused("mul", "out", "b", () -> b.mul(v, four, partial)),
                refused("scale", "out", "a", () -> b.scale(four, 2f, partial)),
                refused("scaleBy", "out", "a", () -> b.scaleBy(four, one, partial)),
                refused("scaleBy", "out", "factor", () -> b.scaleBy(t(1), one, one)),
                refused("axpy", "y", "x", () -> b.axpy(2f, four, partial)),
                refused("axpy", "y", "x", () -> b.axpy(alpha, four, partial)),
                refused("axpySign", "y", "x", () -> b.axpySign(2f, four, partial)),
                refused("axpySign", "y", "x", () -> b.axpySign(alpha, four, partial)),
                refused("addChannelBias", "out", "x", () -> b.addChannelBias(prefix(row, 1, 4), v,
                        shifted(row, 1, 4))),
                refused("addChannelBias", "out", "bias", () -> b.addChannelBias(t(1, 1), one, one.reshape(1, 1))),
                refused("relu", "out", "x", () -> b.relu(four, partial)),
                refused("reluBackward", "dx", "x", () -> b.reluBackward(four, v, partial)),
                refused("reluBackward", "dx", "dy", () -> b.reluBackward(v, four, partial)),
                refused("softmaxCrossEntropy", "dlogits", "logits",
                        () -> b.softmaxCrossEntropy(logits, labels, loss, shifted(logits7, 2, 3))),
                refused("softmaxCrossEntropy", "loss", "dlogits",
                        () -> b.softmaxCrossEntropy(logits, labels, prefix(dlogits, 2), dlogits)),
                refused("softmaxCrossEntropy", "loss", "labels",
                        () -> b.softmaxCrossEntropy(logits, labels, labels, dlogits)),
                refused("softmaxCrossEntropy", "dlogits", "labels",
                        () -> b.softmaxCrossEntropy(logits, prefix(dlogits, 2), loss, dlogits)),
                refused("softmaxCrossEntropy", "loss", "logits",
                        () -> b.softmaxCrossEntropy(logits, labels, prefix(logits, 2), dlogits)),
                refused("sum", "out", "x", () -> b.sum(v, prefix(v, 1))),
                refused("mean", "out", "x", () -> b.mean(v, prefix(v, 1))),
                refused("sumAxis", "out", "x", () -> b.sumAxis(m, 1, prefix(m, 2))),
                refused("meanAxis", "out", "x", () -> b.meanAxis(m, 1, prefix(m, 2))),
                refused("channelSum", "out", "x", () -> b.channelSum(m, prefix(m, 2))),
                refused("conv2d", "out", "x", () -> b.conv2d(image, pixel, Padding.SAME, image)),
                refused("conv2d", "out", "w", () -> b.conv2d(t(1, 1, 1, 1), pixel, Padding.SAME, pixel)),
                refused("conv2dBackwardData", "dx", "dy", () -> b.conv2dBackwardData(image, pixel, Padding.SAME,
                        image)),
                refused("conv2dBackwardData", "dx", "w", () -> b.conv2dBackwardData(t(1, 1, 1, 1), pixel,
                        Padding.SAME, pixel)),
                refused("conv2dBackwardFilter", "dw", "x", () -> b.conv2dBackwardFilter(pixel, t(1, 1, 1, 1),
                        Padding.SAME, pixel)),
                refused("conv2dBackwardFilter", "dw", "dy", () -> b.conv2dBackwardFilter(t(1, 1, 1, 1), pixel,
                        Padding.SAME, pixel)),
                refused("maxPool2d", "out", "x", () -> b.maxPool2d(pool, 2, 2, prefix(pool, 1, 1, 1, 1))),
                refused("maxPool2dBackward", "dx", "x", () -> b.maxPool2dBackward(pool, t(1, 1, 1, 1), 2, 2, pool)),
                refused("maxPool2dBackward", "dx", "dy", () -> b.maxPool2dBackward(t(1, 1, 2, 2),
                        prefix(pool, 1, 1, 1, 1), 2, 2, pool)),
                refused("avgPool2d", "out", "x", () -> b.avgPool2d(pool, 2, 2, prefix(pool, 1, 1, 1, 1))),
                refused("avgPool2dBackward", "dx", "dy", () -> b.avgPool2dBackward(prefix(pool, 1, 1, 1, 1), 2, 2,
                        pool)),
                refused("batchNormTrain", "out", "x", () -> b.batchNormTrain(bnX, c[0], c[1], c[2], c[3], 0.1f,
                        1e-5f, bnOut, c[4], c[5])),
                refused("batchNormTrain", "runningMean", "runningVar", () -> b.batchNormTrain(bn, c[0], c[1], c[2],
                        c[2], 0.1f, 1e-5f, bnOther, c[4], c[5])),
                refused("batchNormTrain", "saveMean", "gamma", () -> b.batchNormTrain(bn, c[0], c[1], c[2], c[3],
                        0.1f, 1e-5f, bnOther, c[0], c[5])),
                refused("batchNormTrain", "runningMean", "saveMean", () -> b.batchNormTrain(bn, c[0], c[1], c[2],
                        c[3], 0.1f, 1e-5f, bnOther, c[2], c[5])),
                refused("batchNormTrain", "out", "beta", () -> b.batchNormTrain(bn, c[0], prefix(bnOther, 2), c[2],
                        c[3], 0.1f, 1e-5f, bnOther, c[4], c[5])),
                refused("batchNormTrain", "saveInvStd", "x", () -> b.batchNormTrain(bn, c[0], c[1], c[2], c[3],
                        0.1f, 1e-5f, bnOther, c[4], prefix(bn, 2))),
                refused("batchNormEval", "out", "x", () -> b.batchNormEval(bnX, c[0], c[1], c[2], c[3], 1e-5f,
                        bnOut)),
                refused("batchNormEval", "out", "runningVar", () -> b.batchNormEval(bn, c[0], c[1], c[2],
                        prefix(bnOther, 2), 1e-5f, bnOther)),
                refused("batchNormBackward", "dx", "x", () -> b.batchNormBackward(bnX, bn, c[0], c[1], c[2], bnOut,
                        c[3], c[4])),
                refused("batchNormBackward", "dx", "dy", () -> b.batchNormBackward(bn, bnX, c[0], c[1], c[2], bnOut,
                        c[3], c[4])),
                refused("batchNormBackward", "dgamma", "dbeta", () -> b.batchNormBackward(bn, bnOther, c[0], c[1],
                        c[2], n, c[3], c[3])),
                refused("batchNormBackward", "dx", "dgamma", () -> b.batchNormBackward(bn, bnOther, c[0], c[1],
                        c[2], n, prefix(n, 2), c[4])),
                refused("batchNormBackward", "dx", "gamma", () -> b.batchNormBackward(bn, bnOther, prefix(n, 2),
                        c[1], c[2], n, c[3], c[4])),
                refused("batchNormBackward", "dbeta", "x", () -> b.batchNormBackward(bn, bnOther, c[0], c[1], c[2],
                        n, c[3], prefix(bn, 2))),
                refused("sgdStep", "param", "grad", () -> b.sgdStep(v, v, t(4), 0.1f, 0.9f, 0f)),
                refused("sgdStep", "param", "velocity", () -> b.sgdStep(v, t(4), v, 0.1f, 0.9f, 0f)),
                refused("sgdStep", "velocity", "grad", () -> b.sgdStep(v, four, four, alpha, 0.9f, 0f)),
                refused("adamStep", "m", "v", () -> b.adamStep(v, t(4), four, four, 0.1f, 0.9f, 0.99f, 1e-8f, 0f,
                        1)),
                refused("adamStep", "v", "grad", () -> b.adamStep(v, four, t(4), four, 0.1f, 0.9f, 0.99f, 1e-8f, 0f,
                        1)),
                refused("adamStep", "param", "m", () -> b.adamStep(v, t(4), v, four, alpha, alpha, alpha, 0.9f,
                        0.99f, 1e-8f, 0f)),
                refused("groupAction", "out", "x", () -> b.groupAction(pool, C2, flip, FeatureRep.IMAGE, pool)),
                refused("liftingConv", "out", "x", () -> b.liftingConv(prefix(lifted, 1, 1, 3, 3), pixel, C2,
                        Padding.SAME, lifted)),
                refused("liftingConv", "out", "w", () -> b.liftingConv(image, prefix(lifted, 1, 1, 1, 1), C2,
                        Padding.SAME, lifted)),
                refused("liftingConvBackwardData", "dx", "dy", () -> b.liftingConvBackwardData(lifted, pixel, C2,
                        Padding.SAME, prefix(lifted, 1, 1, 3, 3))),
                refused("liftingConvBackwardFilter", "dw", "dy", () -> b.liftingConvBackwardFilter(image, lifted,
                        C2, Padding.SAME, prefix(lifted, 1, 1, 1, 1))),
                refused("groupConv", "out", "x", () -> b.groupConv(lifted, groupFilter, C2, Padding.SAME, lifted)),
                refused("groupConvBackwardData", "dx", "w", () -> b.groupConvBackwardData(t(1, 1, 2, 3, 3),
                        prefix(lifted, 1, 1, 2, 1, 1), C2, Padding.SAME, lifted)),
                refused("groupConvBackwardFilter", "dw", "x", () -> b.groupConvBackwardFilter(lifted,
                        t(1, 1, 2, 3, 3), C2, Padding.SAME, prefix(lifted, 1, 1, 2, 1, 1))),
                refused("expandLiftingFilter", "out", "w", () -> b.expandLiftingFilter(prefix(expanded, 1, 1, 1, 1),
                        C2, expanded)),
                refused("expandLiftingFilterAdjoint", "dw", "dExpanded", () -> b.expandLiftingFilterAdjoint(expanded,
                        C2, prefix(expanded, 1, 1, 1, 1))),
                refused("expandGroupFilter", "out", "w", () -> b.expandGroupFilter(prefix(expandedGroup, 1, 1, 2, 1,
                        1), C2, expandedGroup)),
                refused("expandGroupFilterAdjoint", "dw", "dExpanded", () -> b.expandGroupFilterAdjoint(
                        expandedGroup, C2, prefix(expandedGroup, 1, 1, 2, 1, 1))),
                refused("groupPool", "out", "x", () -> b.groupPool(groupMap, PoolMode.MAX,
                        prefix(groupMap, 1, 1, 2, 2))),
                refused("groupPoolBackward", "dx", "x", () -> b.groupPoolBackward(groupMap, t(1, 1, 2, 2),
                        PoolMode.MAX, groupMap)),
                refused("groupPoolBackward", "dx", "dy", () -> b.groupPoolBackward(t(1, 1, 2, 2, 2),
                        prefix(groupMap, 1, 1, 2, 2), PoolMode.MEAN, groupMap)),
                refused("equivarianceDeviation", "deviation", "norm", () -> b.equivarianceDeviation(fgx, fx, C2,
                        flip, FeatureRep.INVARIANT, dev, dev.reshape(2))),
                refused("equivarianceDeviation", "norm", "fx", () -> b.equivarianceDeviation(fgx, fx, C2, flip,
                        FeatureRep.INVARIANT, dev, prefix(fx, 2))),
                refused("equivarianceDeviation", "deviation", "fgx", () -> b.equivarianceDeviation(fgx, fx, C2,
                        flip, FeatureRep.INVARIANT, prefix(fgx, 1, 2), norm)),
                refused("equivarianceDeviationBackward", "dFgx", "fgx", () -> b.equivarianceDeviationBackward(fgx,
                        fx, C2, flip, FeatureRep.INVARIANT, dev, norm, fgx, t(2, 3))),
                refused("equivarianceDeviationBackward", "dFgx", "dFx", () -> b.equivarianceDeviationBackward(fgx,
                        fx, C2, flip, FeatureRep.INVARIANT, dev, norm, dlogits, dlogits)),
                refused("equivarianceDeviationBackward", "dFx", "dNorm", () -> b.equivarianceDeviationBackward(fgx,
                        fx, C2, flip, FeatureRep.INVARIANT, dev, prefix(dlogits, 2), t(2, 3), dlogits)),
                refused("equivarianceDeviationBackward", "dFx", "dDeviation", () -> b.equivarianceDeviationBackward(
                        fgx, fx, C2, flip, FeatureRep.INVARIANT, prefix(dlogits, 1, 2), null, t(2, 3), dlogits)),
                refused("relativeDeviationWeights", "dDeviation", "deviation", () -> b.relativeDeviationWeights(dev,
                        norm, new int[] {0}, 1.0, 1e-12, dev, t(2))),
                refused("relativeDeviationWeights", "dDeviation", "dNorm", () -> b.relativeDeviationWeights(dev,
                        norm, new int[] {0}, 1.0, 1e-12, prefix(loss, 1, 2), loss)),
                refused("relativeDeviationWeights", "dNorm", "norm", () -> b.relativeDeviationWeights(dev, norm,
                        new int[] {0}, alpha, 2.0, 1e-12, t(1, 2), norm)));
    }
}
